import type { TLateChange, TMonthlyFigures } from '../../shared/contracts/desk';

/** Nearest-rank percentile of a list of numbers; null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Counts rows by a key, largest first, then by the order given (the catalogue's), then by key. */
export function countBy<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  labelOf: (row: T) => string,
  orderOf: (row: T) => number = () => 0,
): { key: string; label: string; count: number }[] {
  const out = new Map<string, { key: string; label: string; count: number; order: number }>();
  for (const row of rows) {
    const key = keyOf(row);
    const seen = out.get(key);
    if (seen) seen.count += 1;
    else out.set(key, { key, label: labelOf(row), count: 1, order: orderOf(row) });
  }
  return [...out.values()]
    .sort((a, b) => b.count - a.count || a.order - b.order || a.key.localeCompare(b.key))
    .map(({ key, label, count }) => ({ key, label, count }));
}

/** JSON with keys in a fixed order, so the same figures always hash the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every number of the figures by its path (`care.visits`, `reports.byCategory.repairs`). */
export function flattenFigures(value: unknown, prefix = ''): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'number' || v === null) {
      out.set(path, v);
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        const row = item as { key?: string; count?: number };
        if (row.key !== undefined) out.set(`${path}.${row.key}`, row.count ?? null);
      }
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    }
  };
  walk(value, prefix);
  return out;
}

const SECTION_ZH: Record<string, string> = {
  reports: '诉求',
  rates: '三率',
  care: '关爱',
  welfare: '救助',
  service: '服务站',
  chain: '联系网络',
};

/** The figures that differ between the closed month and the month as its records stand now. */
export function lateChanges(closed: TMonthlyFigures, now: TMonthlyFigures): TLateChange[] {
  const before = flattenFigures(closed);
  const after = flattenFigures(now);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter(
    (p) => !p.startsWith('chain.') && p !== 'rates.minReports',
  );
  return paths
    .filter((p) => (before.get(p) ?? null) !== (after.get(p) ?? null))
    .map((p) => ({
      figure: p,
      label: `${SECTION_ZH[p.split('.')[0] as string] ?? ''} ${p.split('.').slice(1).join('.')}`.trim(),
      closed: before.get(p) ?? null,
      now: after.get(p) ?? null,
    }));
}

const pct = (rate: number | null | undefined) => (rate == null ? null : `${Math.round(rate * 1000) / 10}%`);

function change(now: number, before: number, unit: string): string {
  if (now === before) return `与上月持平（${now}${unit}）`;
  return now > before ? `比上月多 ${now - before}${unit}` : `比上月少 ${before - now}${unit}`;
}

/** A few sentences in plain Chinese for the report's first page: what changed since the month before. */
export function summarySentences(current: TMonthlyFigures, previous: TMonthlyFigures): string[] {
  const out: string[] = [];
  const r = current.reports;
  const top = r.byCategory[0];
  out.push(
    `本月共收到居民诉求 ${r.total} 件，${change(r.total, previous.reports.total, ' 件')}` +
      (top ? `；最多的是“${top.label}”，${top.count} 件。` : '。'),
  );
  const rates = current.rates.current;
  if (rates) {
    const parts = [
      ['响应率', rates.responseRate],
      ['解决率', rates.resolutionRate],
      ['满意率', rates.satisfactionRate],
    ]
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} ${pct(v as number)}`);
    if (parts.length > 0) out.push(`三率：${parts.join('，')}。`);
  } else {
    out.push(`本月诉求不足 ${current.rates.minReports} 件，三率不单独公布。`);
  }
  const c = current.care;
  out.push(
    `关爱对象 ${c.plans} 人，探访 ${c.visits} 次，${change(c.visits, previous.care.visits, ' 次')}` +
      (c.visitRate === null ? '。' : `；按规定完成探访的占 ${pct(c.visitRate)}。`) +
      (c.checkinsMissed > 0 ? `每日报平安漏报 ${c.checkinsMissed} 次，都已按步骤跟进。` : ''),
  );
  const w = current.welfare;
  if (w.decisions + w.emergencyGrants + w.objections > 0) {
    out.push(
      `救助：核定 ${w.decisions} 户次，批准申请 ${w.applicationsApproved} 件，临时救助 ${w.emergencyGrants} 笔，收到异议 ${w.objections} 件。`,
    );
  }
  const s = current.service;
  out.push(
    `服务站开展服务 ${s.sessions} 场，服务 ${s.peopleServed} 人次，志愿服务 ${Math.round(s.volunteerMinutes / 6) / 10} 小时，折合价值 ${(s.valueFen / 100).toFixed(2)} 元。`,
  );
  if (current.chain.householdsWithoutLeader > 0) {
    out.push(`还有 ${current.chain.householdsWithoutLeader} 户没有楼门长联系。`);
  }
  return out;
}
