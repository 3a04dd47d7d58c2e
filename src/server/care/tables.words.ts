import type { Language } from '../../shared/languages';

/** The words of the care tables' spreadsheets: column headings and the values a worker reads. */
export interface CareSheetWords {
  sheets: { plans: string; checkins: string; errands: string; keys: string };
  headers: Record<string, string>;
  risk: Record<string, string>;
  visitStatus: Record<string, string>;
  checkinState: Record<string, string>;
  checkinWay: Record<string, string>;
  outcome: Record<string, string>;
  errandKind: Record<string, string>;
  errandStatus: Record<string, string>;
  consentForm: Record<string, string>;
  schedule: {
    monthly: (day: number) => string;
    everyDays: (n: number) => string;
    everyWeeks: (n: number) => string;
  };
  yuan: (fen: number) => string;
  returned: (on: string, to: string) => string;
  stillHeld: string;
  step: (n: number) => string;
}

const ZH: CareSheetWords = {
  sheets: { plans: '照护计划', checkins: '每日报平安', errands: '代办代缴', keys: '钥匙托管' },
  headers: {
    residentName: '姓名',
    address: '门牌',
    risk: '关照程度',
    visitEveryDays: '几天探访一次',
    responsible: '负责人',
    standIn: '替班人',
    lastVisitAt: '上次上门',
    nextVisitDueAt: '下次上门最晚',
    visitStatus: '探访情况',
    checkin: '每日报平安时间',
    createdAt: '建立日期',
    date: '日期',
    state: '情况',
    way: '怎么报的',
    recordedAt: '记录时间',
    recordedBy: '记录人',
    ladderStep: '提醒到第几步',
    outcome: '结果',
    outcomeNote: '结果说明',
    kind: '类别',
    title: '事项',
    schedule: '多久一次',
    doer: '谁去办',
    nextDueOn: '下次要办',
    overdueCount: '欠着几次',
    status: '办理情况',
    expected: '大约金额（元）',
    counterparty: '交给谁',
    lastDone: '上次办完',
    label: '钥匙',
    holder: '保管人',
    holderPhone: '保管人电话',
    heldSince: '保管起始',
    consent: '本人同意',
    useCount: '用过几次',
    returned: '是否归还',
  },
  risk: { normal: '一般', high: '重点关照' },
  visitStatus: { overdue: '已超期', due_soon: '快到期', on_track: '按时' },
  checkinState: {
    due: '还没到时间',
    done: '已报平安',
    missed: '没报，已提醒',
    escalated: '没报，已上报',
    resolved: '已查明',
  },
  checkinWay: {
    in_person: '见到本人',
    phone_call: '打电话',
    neighbour_word: '邻居告知',
    window_sign: '窗口信号',
    newspaper_taken: '报纸取走了',
  },
  outcome: {
    safe_and_well: '平安',
    no_answer_then_found_safe: '一时没联系上，后来平安',
    phone_line_down: '电话线路坏了',
    in_hospital: '住院了',
    away_with_family: '去家人那里了',
    emergency_services_called: '已叫急救',
  },
  errandKind: {
    pay_fee: '代缴费用',
    collect_medicine: '代取药',
    shopping: '代买东西',
    paperwork: '代办手续',
    other: '其他',
  },
  errandStatus: { overdue: '过期没办', due_today: '今天要办', upcoming: '还没到', ended: '已停止' },
  consentForm: { written: '书面同意', verbal: '口头同意' },
  schedule: {
    monthly: (day) => `每月${day}日`,
    everyDays: (n) => `每${n}天`,
    everyWeeks: (n) => `每${n}周`,
  },
  yuan: (fen) => (fen / 100).toFixed(2),
  returned: (on, to) => `${on} 已还给${to}`,
  stillHeld: '保管中',
  step: (n) => (n === 0 ? '' : `第${n}步`),
};

const EN: CareSheetWords = {
  sheets: { plans: 'Care plans', checkins: 'Daily check-ins', errands: 'Errands', keys: 'Door keys' },
  headers: {
    residentName: 'Name',
    address: 'Address',
    risk: 'Care level',
    visitEveryDays: 'Visit every (days)',
    responsible: 'Responsible',
    standIn: 'Stand-in',
    lastVisitAt: 'Last visit',
    nextVisitDueAt: 'Next visit by',
    visitStatus: 'Visits',
    checkin: 'Daily check-in at',
    createdAt: 'Set up on',
    date: 'Date',
    state: 'State',
    way: 'How',
    recordedAt: 'Recorded at',
    recordedBy: 'Recorded by',
    ladderStep: 'Reminder step',
    outcome: 'Outcome',
    outcomeNote: 'About the outcome',
    kind: 'Kind',
    title: 'Errand',
    schedule: 'How often',
    doer: 'Done by',
    nextDueOn: 'Next due',
    overdueCount: 'Times missed',
    status: 'Standing',
    expected: 'About (yuan)',
    counterparty: 'Paid to',
    lastDone: 'Last done',
    label: 'Key',
    holder: 'Held by',
    holderPhone: 'Holder’s phone',
    heldSince: 'Held since',
    consent: 'Consent',
    useCount: 'Times used',
    returned: 'Returned',
  },
  risk: { normal: 'Normal', high: 'High' },
  visitStatus: { overdue: 'Overdue', due_soon: 'Due soon', on_track: 'On track' },
  checkinState: {
    due: 'Not yet due',
    done: 'Checked in',
    missed: 'Missed, reminded',
    escalated: 'Missed, passed up',
    resolved: 'Followed up',
  },
  checkinWay: {
    in_person: 'Seen in person',
    phone_call: 'Phone call',
    neighbour_word: 'A neighbour’s word',
    window_sign: 'Window sign',
    newspaper_taken: 'Newspaper taken in',
  },
  outcome: {
    safe_and_well: 'Safe and well',
    no_answer_then_found_safe: 'No answer, then found safe',
    phone_line_down: 'Phone line down',
    in_hospital: 'In hospital',
    away_with_family: 'Away with family',
    emergency_services_called: 'Emergency services called',
  },
  errandKind: {
    pay_fee: 'Pay a fee',
    collect_medicine: 'Collect medicine',
    shopping: 'Shopping',
    paperwork: 'Paperwork',
    other: 'Other',
  },
  errandStatus: { overdue: 'Overdue', due_today: 'Due today', upcoming: 'Upcoming', ended: 'Stopped' },
  consentForm: { written: 'In writing', verbal: 'Spoken' },
  schedule: {
    monthly: (day) => `Monthly on day ${day}`,
    everyDays: (n) => `Every ${n} days`,
    everyWeeks: (n) => `Every ${n} weeks`,
  },
  yuan: (fen) => (fen / 100).toFixed(2),
  returned: (on, to) => `Returned to ${to} on ${on}`,
  stillHeld: 'Held',
  step: (n) => (n === 0 ? '' : `Step ${n}`),
};

export function careSheetWords(lang: Language): CareSheetWords {
  return lang === 'en' ? EN : ZH;
}
