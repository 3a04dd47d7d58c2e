import { CARE_TAG_LABELS } from '../../domain/register/importNormalise';
import type { CareTag } from '../../shared/careTags';
import type { OutreachExportColumn, OutreachOutcome } from '../../shared/contracts/outreach';
import type { Language } from '../../shared/languages';

/** The words of an outreach list's spreadsheet (走访名单.xlsx), in the caller's language. */
export interface OutreachSheetWords {
  sheet: string;
  file: string;
  columns: Record<OutreachExportColumn, string>;
  outcomes: Record<OutreachOutcome, string>;
  careTags: Record<CareTag, string>;
}

export const OUTREACH_SHEET_WORDS: Record<Language, OutreachSheetWords> = {
  'zh-CN': {
    sheet: '走访名单',
    file: '走访名单.xlsx',
    columns: {
      address: '门牌',
      residents: '住的人',
      careTags: '照顾需要',
      outcome: '走访结果',
      note: '说明',
      recordedBy: '谁记的',
      recordedAt: '记录时间',
      addedBy: '谁加的',
      addedAt: '加入时间',
    },
    outcomes: { pending: '还没去', reached: '见到了', not_home: '没人在家', declined: '不需要' },
    careTags: CARE_TAG_LABELS,
  },
  en: {
    sheet: 'Door-visit list',
    file: 'door-visit-list.xlsx',
    columns: {
      address: 'Address',
      residents: 'Who lives there',
      careTags: 'Care needs',
      outcome: 'Visit outcome',
      note: 'Note',
      recordedBy: 'Recorded by',
      recordedAt: 'Recorded at',
      addedBy: 'Added by',
      addedAt: 'Added at',
    },
    outcomes: { pending: 'Not yet', reached: 'Reached', not_home: 'Not home', declined: 'Declined' },
    careTags: {
      lives_alone: 'Lives alone',
      elderly_alone: 'Elderly, alone',
      hard_of_hearing: 'Hard of hearing',
      low_vision: 'Low vision',
      wheelchair: 'Wheelchair',
      cannot_read: 'Cannot read',
      bedridden: 'Bedridden',
      dementia: 'Dementia',
    },
  },
};
