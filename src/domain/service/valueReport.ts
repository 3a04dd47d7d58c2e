import { type DatedValue, deliveredFen, type ServiceUnit, savingsFen, tally, valueOn } from './value';

/**
 * The value delivered over a period, from the rows the database groups: services delivered at their
 * value on the session's day (Beijing), and group-purchase savings in the month the round closed.
 */
export interface ServedRow {
  sessionId: string;
  serviceId: string;
  /** The session's day in Beijing, YYYY-MM-DD. */
  day: string;
  minutes: number;
  buildingId: string;
  served: number;
}

export interface SavingsRow {
  closesOn: string;
  buildingId: string;
  marketFen: number;
  groupFen: number;
  quantity: number;
}

export interface WorkedRow {
  sessionId: string;
  volunteerId: string;
}

export interface ServiceInfo {
  unit: ServiceUnit;
  values: readonly DatedValue[];
}

export interface ValueTotals {
  servicesFen: number;
  savingsFen: number;
  servicesByMonth: Map<string, number>;
  savingsByMonth: Map<string, number>;
  byService: Map<string, { fen: number; delivered: number }>;
  byBuilding: Map<string, number>;
  byVolunteer: Map<string, number>;
}

export function valueTotals(
  served: readonly ServedRow[],
  savings: readonly SavingsRow[],
  worked: readonly WorkedRow[],
  services: ReadonlyMap<string, ServiceInfo>,
): ValueTotals {
  const servicesByMonth = new Map<string, number>();
  const savingsByMonth = new Map<string, number>();
  const byService = new Map<string, { fen: number; delivered: number }>();
  const byBuilding = new Map<string, number>();
  const bySession = new Map<string, number>();
  let servicesFen = 0;
  for (const row of served) {
    const service = services.get(row.serviceId);
    const value = service ? valueOn(service.values, row.day) : null;
    const fen = service && value !== null ? deliveredFen(service.unit, value, row.minutes) * row.served : 0;
    servicesFen += fen;
    tally(servicesByMonth, row.day.slice(0, 7), fen);
    tally(byBuilding, row.buildingId, fen);
    tally(bySession, row.sessionId, fen);
    const s = byService.get(row.serviceId) ?? { fen: 0, delivered: 0 };
    byService.set(row.serviceId, { fen: s.fen + fen, delivered: s.delivered + row.served });
  }
  let savingsTotal = 0;
  for (const row of savings) {
    const fen = savingsFen([row]);
    savingsTotal += fen;
    tally(savingsByMonth, row.closesOn.slice(0, 7), fen);
    tally(byBuilding, row.buildingId, fen);
  }
  const byVolunteer = new Map<string, number>();
  for (const w of worked) tally(byVolunteer, w.volunteerId, bySession.get(w.sessionId) ?? 0);
  return {
    servicesFen,
    savingsFen: savingsTotal,
    servicesByMonth,
    savingsByMonth,
    byService,
    byBuilding,
    byVolunteer,
  };
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
