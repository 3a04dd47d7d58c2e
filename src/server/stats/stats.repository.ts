import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { DB } from '../db/schema';
import { reportInScope } from '../reports/reports.repository';

/** Reports of one community the caller may see, saved in [from, to) (UTC ISO), merged ones left out. */
export function reportsSavedBetween(
  db: Kysely<DB>,
  scope: Scope,
  range: { communityId: string; from: string; to: string },
) {
  return db
    .selectFrom('report')
    .innerJoin('report_category', 'report_category.code', 'report.category')
    .select([
      'report.created_at',
      'report.category',
      'report_category.name_zh as category_zh',
      'report_category.name_en as category_en',
      'report_category.sort as category_sort',
      'report.committee_latency_ms',
    ])
    .where(reportInScope(scope))
    .where('report.community_id', '=', range.communityId)
    .where('report.created_at', '>=', range.from)
    .where('report.created_at', '<', range.to)
    .where('report.merged_into', 'is', null)
    .execute();
}

/** Volunteer minutes of one community per day worked, days in [fromDay, toDay). */
export function volunteerMinutesBetween(
  db: Kysely<DB>,
  range: { communityId: string; fromDay: string; toDay: string },
) {
  return db
    .selectFrom('service_hours')
    .select(['worked_on', 'minutes'])
    .where('community_id', '=', range.communityId)
    .where('worked_on', '>=', range.fromDay)
    .where('worked_on', '<', range.toDay)
    .execute();
}
