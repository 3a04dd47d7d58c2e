import type { TMonthlyReport } from '../../shared/contracts/desk';

/** How a cell reads: a count, a share (0–1), money in fen, minutes shown as hours, seconds, or words. */
export type CellFormat = 'count' | 'percent' | 'fen' | 'hours' | 'seconds' | 'text';
export type Cell = string | number | null;

export interface Section {
  /** The sheet's name and the PDF's heading. */
  title: string;
  columns: { header: string; format: CellFormat }[];
  rows: Cell[][];
  /** In a table of figures each row's value has its own format. */
  rowFormats?: CellFormat[];
  /** Drawn as bars in the PDF: which column labels the bars and which hold their values. */
  chart?: { labelColumn: number; valueColumns: number[] };
}

const figureTable = (title: string, rows: [string, Cell, CellFormat][]): Section => ({
  title,
  columns: [
    { header: '指标', format: 'text' },
    { header: '数值', format: 'count' },
  ],
  rows: rows.map(([label, value]) => [label, value]),
  rowFormats: rows.map(([, , format]) => format),
});

const countTable = (title: string, header: string, rows: { label: string; count: number }[]): Section => ({
  title,
  columns: [
    { header, format: 'text' },
    { header: '件数', format: 'count' },
  ],
  rows: rows.map((c) => [c.label, c.count]),
});

/** The report's sections, the same for the PDF and the workbook, so both show the same figures. */
export function reportSections(report: TMonthlyReport): Section[] {
  const f = report.figures;
  const r = f.reports;
  const rate = (k: 'responseRate' | 'resolutionRate' | 'satisfactionRate') => [
    f.rates.current?.[k] ?? null,
    f.rates.previousMonth?.[k] ?? null,
    f.rates.sameMonthLastYear?.[k] ?? null,
  ];
  const sections: Section[] = [
    figureTable('诉求概况', [
      ['诉求总数（件）', r.total, 'count'],
      ['转办（件）', r.referred, 'count'],
      ['不属于社区职责（件）', r.outsideRemit, 'count'],
      [
        '上党委屏幕用时中位数（秒）',
        r.toCommittee.p50Ms === null ? null : r.toCommittee.p50Ms / 1000,
        'seconds',
      ],
      [
        '上党委屏幕用时 90% 以内（秒）',
        r.toCommittee.p90Ms === null ? null : r.toCommittee.p90Ms / 1000,
        'seconds',
      ],
    ]),
    { ...countTable('诉求分类', '分类', r.byCategory), chart: { labelColumn: 0, valueColumns: [1] } },
    countTable('首接层级', '层级', r.byTier),
    countTable('转办去向', '去向', r.referredTo),
    {
      title: '三率',
      columns: [
        { header: '指标', format: 'text' },
        { header: '本月', format: 'percent' },
        { header: '上月', format: 'percent' },
        { header: '去年同月', format: 'percent' },
      ],
      rows: [
        ['响应率', ...rate('responseRate')],
        ['解决率', ...rate('resolutionRate')],
        ['满意率', ...rate('satisfactionRate')],
      ],
      chart: { labelColumn: 0, valueColumns: [1, 2, 3] },
    },
    figureTable('关爱', [
      ['关爱对象（人）', f.care.plans, 'count'],
      ['探访（次）', f.care.visits, 'count'],
      ['按规定完成探访', f.care.visitRate, 'percent'],
      ['探访不足（人）', f.care.shortOfPolicy, 'count'],
      ['报平安漏报（次）', f.care.checkinsMissed, 'count'],
      ['跟进步骤（步）', f.care.ladderSteps, 'count'],
      ...f.care.outcomes.map((o): [string, Cell, CellFormat] => [`结果：${o.label}（次）`, o.count, 'count']),
      ['用钥匙进门（次）', f.care.keyUses, 'count'],
      ['代管钱款记账（笔）', f.care.moneyEntries, 'count'],
      ['代管钱款收入（元）', f.care.moneyReceivedFen, 'fen'],
      ['代管钱款支出（元）', f.care.moneySpentFen, 'fen'],
    ]),
    figureTable('救助', [
      ['核定（户次）', f.welfare.decisions, 'count'],
      ['符合条件（户次）', f.welfare.eligible, 'count'],
      ['不符合条件（户次）', f.welfare.notEligible, 'count'],
      ['批准申请（件）', f.welfare.applicationsApproved, 'count'],
      ['未批准申请（件）', f.welfare.applicationsRejected, 'count'],
      ['公示（次）', f.welfare.noticesPublished, 'count'],
      ['异议（件）', f.welfare.objections, 'count'],
      ['临时救助（笔）', f.welfare.emergencyGrants, 'count'],
      ['临时救助金额（元）', f.welfare.emergencyGrantFen, 'fen'],
    ]),
    figureTable('服务站', [
      ['服务场次', f.service.sessions, 'count'],
      ['服务人次', f.service.peopleServed, 'count'],
      ['志愿服务（小时）', f.service.volunteerMinutes, 'hours'],
      ['服务价值（元）', f.service.servicesFen, 'fen'],
      ['团购节省（元）', f.service.savingsFen, 'fen'],
      ['合计价值（元）', f.service.valueFen, 'fen'],
    ]),
    figureTable('联系网络', [
      ['没有楼门长的户数', f.chain.householdsWithoutLeader, 'count'],
      ['联系户数过多的楼门长', f.chain.overloadedLeaders, 'count'],
      ['上级空缺的岗位', f.chain.vacantParents, 'count'],
      ['本月新增岗位', f.chain.positionsStarted, 'count'],
      ['本月结束岗位', f.chain.positionsEnded, 'count'],
    ]),
  ];
  if (report.closed && report.closed.lateChanges.length > 0) {
    sections.push({
      title: '结账后补登的变动',
      columns: [
        { header: '数字', format: 'text' },
        { header: '结账时', format: 'count' },
        { header: '现在', format: 'count' },
      ],
      rows: report.closed.lateChanges.map((c) => [c.label, c.closed, c.now]),
    });
  }
  return sections;
}

export function cellFormat(section: Section, row: number, column: number): CellFormat {
  if (section.rowFormats && column === 1) return section.rowFormats[row] ?? 'count';
  return section.columns[column]?.format ?? 'text';
}

/** A cell as printed in Chinese. */
export function cellText(value: Cell, format: CellFormat): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'fen':
      return (value / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'hours':
      return (value / 60).toFixed(1);
    case 'seconds':
      return value.toFixed(1);
    case 'count':
    case 'text':
      return String(value);
  }
}
