import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { addDays } from '../../domain/care/schedule';
import { type ServiceUnit, savingsFen } from '../../domain/service/value';
import { monthsBetween, type ServiceInfo, sessionValue, valueTotals } from '../../domain/service/valueReport';
import type { TValueReport, ZValueMonthQuery, ZValueQuery } from '../../shared/contracts/service';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import type { DB, ServiceCreditTable, ServiceDeliveredTable } from '../db/schema';
import { AppError } from '../http/errors';
import { beijingMidnight } from './sessions.usecases';
import { oneCommunity, stationCommunities } from './station.common';
import {
  buildingNumbers,
  checkedIn,
  deliveredPerMonth,
  orderedPerBuilding,
  replaceRoundSavings,
  replaceSessionValues,
  savingsPerMonth,
  servedPerBuilding,
  servicesWithValues,
  sessionsOfServiceFrom,
  sessionsToValue,
  topCredited,
  volunteersWithMinutes,
} from './value.repository';

/** A district has thousands of volunteers; the summary names those whose sessions delivered most. */
const TOP_VOLUNTEERS = 20;

/**
 * The value the station has delivered: services × their market value at the time, plus group-purchase
 * savings; by month (with a running total from `from`), by service, by building and by volunteer.
 */
export async function valueReport(
  ctx: AccessContext,
  query: { communityId?: string | undefined; from: string; to: string },
): Promise<TValueReport> {
  await requirePermission(ctx, 'service.value.read');
  if (query.to < query.from) throw new AppError('request.invalid', { detail: 'to' }, 'to');
  const communityIds = query.communityId
    ? [await oneCommunity(ctx, query.communityId)]
    : stationCommunities(ctx.actor);
  if (communityIds.length === 0) throw new AppError('service.community_required');
  const fromIso = beijingMidnight(query.from);
  const toIso = beijingMidnight(addDays(query.to, 1));
  const [delivered, savings, top] = await Promise.all([
    deliveredPerMonth(ctx.db, communityIds, query.from, query.to),
    savingsPerMonth(ctx.db, communityIds, query.from, query.to),
    topCredited(ctx.db, communityIds, query.from, query.to, TOP_VOLUNTEERS),
  ]);
  // PostgreSQL returns sums as strings.
  const totals = valueTotals(
    delivered.map((d) => ({ ...d, delivered: Number(d.delivered), fen: Number(d.fen) })),
    savings.map((s) => ({ ...s, fen: Number(s.fen) })),
  );
  const [{ services }, buildings, people] = await Promise.all([
    servicesWithValues(ctx.db, [...totals.byService.keys()]),
    buildingNumbers(ctx.db, [...totals.byBuilding.keys()]),
    volunteersWithMinutes(
      ctx.db,
      top.map((v) => v.volunteerId),
      communityIds,
      { from: query.from, to: query.to, fromIso, toIso },
    ).then((rows) => new Map(rows.map((v) => [v.id, v]))),
  ]);
  let running = 0;
  const byFen = <T extends { fen: number; label: string }>(a: T, b: T) =>
    b.fen - a.fen || a.label.localeCompare(b.label);
  return {
    from: query.from,
    to: query.to,
    servicesFen: totals.servicesFen,
    savingsFen: totals.savingsFen,
    totalFen: totals.servicesFen + totals.savingsFen,
    byMonth: monthsBetween(query.from, query.to).map((month) => {
      const servicesFen = totals.servicesByMonth.get(month) ?? 0;
      const savingsFen = totals.savingsByMonth.get(month) ?? 0;
      running += servicesFen + savingsFen;
      return { month, servicesFen, savingsFen, totalFen: servicesFen + savingsFen, runningFen: running };
    }),
    byService: [...totals.byService]
      .map(([id, s]) => ({
        key: id,
        label: services.find((k) => k.id === id)?.name_zh ?? '',
        fen: s.fen,
        delivered: s.delivered,
      }))
      .sort(byFen),
    byBuilding: [...totals.byBuilding]
      .map(([id, fen]) => ({ key: id, label: `${buildings.get(id) ?? '?'}号楼`, fen }))
      .sort(byFen),
    byVolunteer: top
      .map(({ volunteerId, fen }) => ({
        key: volunteerId,
        label: people.get(volunteerId)?.name ?? '',
        fen: Number(fen),
        minutes: Number(people.get(volunteerId)?.minutes ?? 0),
      }))
      .sort(byFen),
  };
}

export function valueForRange(ctx: AccessContext, query: z.output<typeof ZValueQuery>) {
  return valueReport(ctx, query);
}

/** One calendar month (Beijing), for the printable summary. */
export function valueForMonth(ctx: AccessContext, query: z.output<typeof ZValueMonthQuery>) {
  const from = `${query.month}-01`;
  const to = addDays(addDays(from, 32).slice(0, 7).concat('-01'), -1);
  return valueReport(ctx, { communityId: query.communityId, from, to });
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const group = out.get(key(row));
    if (group) group.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/** Sessions or rounds valued per call: keeps each IN list well under the databases' parameter limits. */
const PER_BATCH = 500;

/**
 * Values these sessions again and replaces their rows in the summary's roll-up. Called, inside the same
 * transaction, wherever what a session delivered can change: attendance, a check-in, a new dated value.
 */
export async function revalueSessions(db: Kysely<DB>, sessionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += PER_BATCH) {
    const ids = sessionIds.slice(i, i + PER_BATCH);
    const sessions = await sessionsToValue(db, ids);
    const [served, worked] = await Promise.all([servedPerBuilding(db, ids), checkedIn(db, ids)]);
    const { values } = await servicesWithValues(db, [...new Set(sessions.map((s) => s.service_id))]);
    const valuesOf = groupBy(values, (v) => v.service_id);
    const servedIn = groupBy(served, (b) => b.sessionId);
    const workedIn = groupBy(worked, (w) => w.sessionId);
    const delivered: ServiceDeliveredTable[] = [];
    const credits: ServiceCreditTable[] = [];
    for (const s of sessions) {
      const day = localDate(new Date(s.starts_at));
      const service: ServiceInfo = {
        unit: s.unit as ServiceUnit,
        values: (valuesOf.get(s.service_id) ?? []).map((v) => ({
          validFrom: v.valid_from,
          valueFen: v.value_fen,
        })),
      };
      const value = sessionValue({
        day,
        minutes: (Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000,
        service,
        served: (servedIn.get(s.id) ?? []).map((b) => ({ ...b, served: Number(b.served) })),
      });
      const where = { session_id: s.id, community_id: s.community_id, day };
      for (const b of value.byBuilding)
        delivered.push({
          ...where,
          building_id: b.buildingId,
          service_id: s.service_id,
          delivered: b.delivered,
          fen: b.fen,
        });
      for (const w of workedIn.get(s.id) ?? [])
        credits.push({ ...where, volunteer_id: w.volunteerId, fen: value.fen });
    }
    await replaceSessionValues(db, ids, delivered, credits);
  }
}

/** A new dated value changes what the service's sessions from that day on delivered. */
export async function revalueService(
  db: Kysely<DB>,
  service: { id: string; community_id: string },
  validFrom: string,
): Promise<void> {
  await revalueSessions(
    db,
    await sessionsOfServiceFrom(db, service.community_id, service.id, beijingMidnight(validFrom)),
  );
}

/**
 * Sums these rounds' savings again and replaces their rows in the summary's roll-up. Called inside the
 * transaction that places an order: the only write that changes a round's savings.
 */
export async function revalueRounds(db: Kysely<DB>, roundIds: readonly string[]): Promise<void> {
  for (let i = 0; i < roundIds.length; i += PER_BATCH) {
    const ids = roundIds.slice(i, i + PER_BATCH);
    const ordered = await orderedPerBuilding(db, ids);
    const savings = [...groupBy(ordered, (o) => `${o.roundId} ${o.buildingId}`).values()].map((lines) => {
      const { roundId, communityId, closesOn, buildingId } = lines[0] as (typeof lines)[number];
      return {
        round_id: roundId,
        building_id: buildingId,
        community_id: communityId,
        closes_on: closesOn,
        fen: savingsFen(lines.map((l) => ({ ...l, quantity: Number(l.quantity) }))),
      };
    });
    await replaceRoundSavings(db, ids, savings);
  }
}
