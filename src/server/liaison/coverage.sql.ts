import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../db/schema';

/**
 * "This household has a building leader today": an assignment in force, to a position still held. The
 * one definition the home numbers, the building picture and the coverage check share.
 */
export function hasServingLeader(eb: ExpressionBuilder<DB, 'household'>, today: string) {
  return eb.exists(
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
}
