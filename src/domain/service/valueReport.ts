import { type DatedValue, deliveredFen, type ServiceUnit, tally, valueOn } from './value';

/**
 * The value delivered over a period: services delivered at their value on the session's day (Beijing),
 * and group-purchase savings in the month the round closed. Each session is valued when its attendance
 * or check-ins change (`sessionValue`), each round when an order is placed (`savingsFen`); the summary
 * adds up those values (`valueTotals`).
 */
export interface ServiceInfo {
  unit: ServiceUnit;
  values: readonly DatedValue[];
}

export interface SessionToValue {
  /** The session's day in Beijing, YYYY-MM-DD. */
  day: string;
  minutes: number;
  /** Undefined when the service is unknown: nothing it delivered has a value. */
  service: ServiceInfo | undefined;
  served: readonly { buildingId: string; served: number }[];
}

export interface SessionValue {
  fen: number;
  byBuilding: { buildingId: string; delivered: number; fen: number }[];
}

/** What one session delivered, per building of the households served, and in all. */
export function sessionValue(session: SessionToValue): SessionValue {
  const value = session.service ? valueOn(session.service.values, session.day) : null;
  const unitFen =
    session.service && value !== null ? deliveredFen(session.service.unit, value, session.minutes) : 0;
  const byBuilding = session.served.map((b) => ({
    buildingId: b.buildingId,
    delivered: b.served,
    fen: unitFen * b.served,
  }));
  return { fen: byBuilding.reduce((sum, b) => sum + b.fen, 0), byBuilding };
}

export interface DeliveredRow {
  serviceId: string;
  /** YYYY-MM, the session's month in Beijing. */
  month: string;
  buildingId: string;
  delivered: number;
  fen: number;
}

export interface SavingsRow {
  /** YYYY-MM, the month the round closed. */
  month: string;
  buildingId: string;
  fen: number;
}

export interface ValueTotals {
  servicesFen: number;
  savingsFen: number;
  servicesByMonth: Map<string, number>;
  savingsByMonth: Map<string, number>;
  byService: Map<string, { fen: number; delivered: number }>;
  byBuilding: Map<string, number>;
}

export function valueTotals(delivered: readonly DeliveredRow[], savings: readonly SavingsRow[]): ValueTotals {
  const servicesByMonth = new Map<string, number>();
  const savingsByMonth = new Map<string, number>();
  const byService = new Map<string, { fen: number; delivered: number }>();
  const byBuilding = new Map<string, number>();
  let servicesFen = 0;
  for (const row of delivered) {
    servicesFen += row.fen;
    tally(servicesByMonth, row.month, row.fen);
    tally(byBuilding, row.buildingId, row.fen);
    const s = byService.get(row.serviceId) ?? { fen: 0, delivered: 0 };
    byService.set(row.serviceId, { fen: s.fen + row.fen, delivered: s.delivered + row.delivered });
  }
  let savingsFen = 0;
  for (const row of savings) {
    savingsFen += row.fen;
    tally(savingsByMonth, row.month, row.fen);
    tally(byBuilding, row.buildingId, row.fen);
  }
  return { servicesFen, savingsFen, servicesByMonth, savingsByMonth, byService, byBuilding };
}

/** Every month from `from` to `to` (YYYY-MM-DD), so a month with nothing still shows as 0. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return months;
    months.push(month);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}
