import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZPublicNotice } from '../../../shared/contracts/welfare';
import { NoticeBody } from '../../components/NoticeBody';
import { shortDate } from '../../lib/dates';
import { usePublicNotice } from './api';
import { ErrorNotice, Loading, PublicLayout, ReadAloud } from './ui';
import '../../components/print.css';

/** The notice as it would be read out at the board: who, which building, how much, until when. */
function spokenNotice(
  notice: z.infer<typeof ZPublicNotice>,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  const entries = notice.entries.map(
    (e) => `${e.maskedName}，${t('care.building', { number: e.building })}。`,
  );
  return [
    `${notice.title}。`,
    `${t('welfare.noticePeriod', { starts: shortDate(notice.startsOn), ends: shortDate(notice.endsOn) })}，`,
    `${t('welfare.daysLeft', { count: notice.workingDaysLeft })}。`,
    ...entries,
    t('welfare.objectionHow', { contact: notice.objectionContact }),
  ].join('');
}

/** The notice board on a phone, reached by its QR code: no sign-in. */
export function PublicNoticePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const notice = usePublicNotice(id);
  return (
    <PublicLayout brand={t('public.noticeBrand')}>
      {notice.state === 'loading' ? (
        <Loading />
      ) : notice.state === 'error' ? (
        <ErrorNotice error={notice.error} onRetry={notice.reload} />
      ) : (
        <>
          <NoticeBody notice={notice.data} />
          <div className="linli-no-print linli-row" style={{ marginTop: 16 }}>
            <ReadAloud text={spokenNotice(notice.data, t)} />
            <button type="button" className="linli-btn" onClick={() => window.print()}>
              {t('welfare.printLarge')}
            </button>
          </div>
        </>
      )}
    </PublicLayout>
  );
}
