import { type Kysely, sql } from 'kysely';
import type { Scope } from '../auth/scope';
import type { DB } from '../db/schema';
import { reportInScope } from './reports.repository';

export interface RateReportRow {
  id: string;
  created_at: string;
  building_id: string | null;
  household_building_id: string | null;
  responsible_position_id: string | null;
  responsible_tier: string;
  acknowledged_at: string | null;
  closed_at: string | null;
  first_due_at: string | null;
  first_position_id: string | null;
  first_tier: string | null;
}

/**
 * Reports created in [from, to) within the caller's scope (and the one community, when asked), with their
 * first escalation step: the first holder and the end of their acknowledgement window. Merged reports are
 * left out, since the report they were folded into counts already.
 */
export async function reportsForRates(
  db: Kysely<DB>,
  scope: Scope,
  filter: { communityIds: readonly string[]; from: string; to: string; withBuilding: boolean },
): Promise<RateReportRow[]> {
  if (filter.communityIds.length === 0) return [];
  return db
    .selectFrom('report')
    .leftJoin('report_escalation as e0', (join) =>
      join.onRef('e0.report_id', '=', 'report.id').on('e0.step', '=', 0),
    )
    .select([
      'report.id',
      'report.created_at',
      'report.building_id',
      // A household's building is one more lookup per report, made only when grouping by building.
      (eb) =>
        filter.withBuilding
          ? eb
              .selectFrom('household')
              .select('household.building_id')
              .whereRef('household.id', '=', 'report.household_id')
              .$asScalar()
              .as('household_building_id')
          : sql<string | null>`null`.as('household_building_id'),
      'report.responsible_position_id',
      'report.responsible_tier',
      'report.acknowledged_at',
      'report.closed_at',
      'e0.due_at as first_due_at',
      'e0.position_id as first_position_id',
      'e0.tier as first_tier',
    ])
    .where(reportInScope(scope))
    .where('report.community_id', 'in', filter.communityIds)
    .where('report.created_at', '>=', filter.from)
    .where('report.created_at', '<', filter.to)
    .where('report.state', '!=', 'merged')
    .execute();
}

/** Every feedback row of the same reports; the caller keeps each report's latest. */
export async function feedbackForRates(
  db: Kysely<DB>,
  scope: Scope,
  filter: { communityIds: readonly string[]; from: string; to: string },
) {
  if (filter.communityIds.length === 0) return [];
  return db
    .selectFrom('report_feedback')
    .innerJoin('report', 'report.id', 'report_feedback.report_id')
    .select([
      'report_feedback.report_id',
      'report_feedback.solved',
      'report_feedback.satisfied',
      'report_feedback.at',
      'report_feedback.id',
    ])
    .where(reportInScope(scope))
    .where('report.community_id', 'in', filter.communityIds)
    .where('report.created_at', '>=', filter.from)
    .where('report.created_at', '<', filter.to)
    .where('report.state', '!=', 'merged')
    .execute();
}

export async function buildingNumbers(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('building').select(['id', 'number']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.number]));
}
