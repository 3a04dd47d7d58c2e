import type { z } from 'zod';
import { addDays } from '../../domain/care/schedule';
import type { ServiceUnit } from '../../domain/service/value';
import { monthsBetween, type ServiceInfo, valueTotals } from '../../domain/service/valueReport';
import type { TValueReport, ZValueMonthQuery, ZValueQuery } from '../../shared/contracts/service';
import { type AccessContext, requirePermission } from '../auth/permissions';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { beijingMidnight } from './sessions.usecases';
import { oneCommunity, stationCommunities } from './station.common';
import {
  buildingNumbers,
  orderedPerBuilding,
  servedPerSession,
  servicesWithValues,
  sessionsOfPeriod,
  volunteersWithMinutes,
  workedPerSession,
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
  const [sessions, served, worked, ordered] = await Promise.all([
    sessionsOfPeriod(ctx.db, communityIds, fromIso, toIso),
    servedPerSession(ctx.db, communityIds, fromIso, toIso),
    workedPerSession(ctx.db, communityIds, fromIso, toIso),
    orderedPerBuilding(ctx.db, communityIds, query.from, query.to),
  ]);
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const { services, values } = await servicesWithValues(ctx.db, [
    ...new Set(sessions.map((s) => s.serviceId)),
  ]);
  const info = new Map<string, ServiceInfo>(
    services.map((s) => [
      s.id,
      {
        unit: s.unit as ServiceUnit,
        values: values
          .filter((v) => v.service_id === s.id)
          .map((v) => ({ validFrom: v.valid_from, valueFen: v.value_fen })),
      },
    ]),
  );
  const totals = valueTotals(
    served.flatMap((s) => {
      const session = sessionById.get(s.sessionId);
      if (!session) return [];
      return [
        {
          sessionId: s.sessionId,
          serviceId: session.serviceId,
          day: localDate(new Date(session.startsAt)),
          minutes: (Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000,
          buildingId: s.buildingId,
          served: Number(s.served),
        },
      ];
    }),
    ordered.map((o) => ({ ...o, quantity: Number(o.quantity) })),
    worked,
    info,
  );
  const buildings = await buildingNumbers(ctx.db, [...totals.byBuilding.keys()]);
  const top = [...totals.byVolunteer].sort(([, a], [, b]) => b - a).slice(0, TOP_VOLUNTEERS);
  const people = new Map(
    (
      await volunteersWithMinutes(
        ctx.db,
        top.map(([id]) => id),
        communityIds,
        fromIso,
        toIso,
      )
    ).map((v) => [v.id, v]),
  );
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
      .map(([id, fen]) => ({
        key: id,
        label: people.get(id)?.name ?? '',
        fen,
        minutes: Number(people.get(id)?.minutes ?? 0),
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
