import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';
import { PG_LEADER, pgLeaderFunctions } from './0026_register_list_keys';

/**
 * PostgreSQL only: the triggers of 0026 that keep `has_leader` grew with the square of a bulk load.
 *
 * Their subqueries joined an assignment to its position. Within one long transaction that writes a
 * register (the import, a district built for a benchmark) the planner still believes `liaison_position`
 * holds a few rows, so it read the whole table for each household written: at 10,000 households a
 * build took 21 s, at 20,000 56 s, and a 100,000-subscription benchmark district did not finish in ten
 * minutes. Each position is now looked up by its key from the assignment (a scalar subquery, which the
 * planner cannot turn into a join over the whole table): 4.8 s and 11.6 s. The values kept are the same.
 */
const LEADER = `
  has_leader = CASE WHEN EXISTS (SELECT 1 FROM household_assignment a
    WHERE a.household_id = household.id AND a.valid_to IS NULL
      AND (SELECT p.valid_to IS NULL FROM liaison_position p WHERE p.id = a.position_id)) THEN 1 ELSE 0 END,
  has_leader_from = coalesce((SELECT max(greatest(a.valid_from, coalesce(a.valid_to, ''),
      (SELECT greatest(p.valid_from, coalesce(p.valid_to, '')) FROM liaison_position p WHERE p.id = a.position_id)))
    FROM household_assignment a WHERE a.household_id = household.id), '')`;

async function replaceFunctions(db: Kysely<unknown>, leader: string): Promise<void> {
  for (const [name, body] of pgLeaderFunctions(leader))
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} END; $$`,
      )
      .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await replaceFunctions(db, LEADER);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await replaceFunctions(db, PG_LEADER);
}
