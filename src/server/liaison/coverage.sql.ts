import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema';

/**
 * "This household has a building leader today": an assignment in force, to a position still held. The
 * one definition the home numbers, the building picture, the coverage check and the register tables share.
 *
 * The household carries the answer for every day from `has_leader_from` on (kept by triggers, migration
 * 0026), so most rows are answered from their own columns; only a day before that date (a cover that
 * starts or ends in the future) asks the assignments.
 */
export function hasServingLeader(eb: ExpressionBuilder<DB, 'household'>, today: string) {
  const fromAssignments = eb.exists(
    eb
      .selectFrom('household_assignment')
      .innerJoin('liaison_position', 'liaison_position.id', 'household_assignment.position_id')
      .select('household_assignment.id')
      .whereRef('household_assignment.household_id', '=', 'household.id')
      .where('household_assignment.valid_from', '<=', today)
      .where((e) =>
        e.or([
          e('household_assignment.valid_to', 'is', null),
          e('household_assignment.valid_to', '>', today),
        ]),
      )
      .where('liaison_position.valid_from', '<=', today)
      .where((e) =>
        e.or([e('liaison_position.valid_to', 'is', null), e('liaison_position.valid_to', '>', today)]),
      ),
  );
  return sql<SqlBool>`(case when ${eb.ref('household.has_leader_from')} <= ${today} then ${eb.ref('household.has_leader')} = 1 else ${fromAssignments} end)`;
}
