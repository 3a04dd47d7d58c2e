import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect';

/**
 * Issue 23, "Speed": two values the register tables used to work out per row, kept on the household.
 *
 * `address_key`: building number, entrance number, floor and room in one text that sorts as the four did
 * (the parts joined by U+0001, below any character an address holds; the floor offset by 1,000 and
 * zero-padded to four digits, so −3 … 120 sort as numbers). The address order then reads the index
 * (community_id, address_key) in order instead of sorting the whole filtered set over three tables. On
 * PostgreSQL the column compares byte by byte (COLLATE "C"), as SQLite does, so the key's order is the
 * parts' order whatever the database's collation.
 *
 * `has_leader` / `has_leader_from`: whether the household has a building leader on every day from
 * `has_leader_from` on (an assignment in force, to a position still held). After the last date any of its
 * assignments or their positions starts or ends, the answer no longer changes with the day, so it can be
 * stored; for a day before that date (a cover that starts or ends in the future) the reader asks the
 * assignments as before (`hasServingLeader`).
 *
 * Triggers keep all three, not the code, so no write path can forget to (the liaison chain's assignments
 * and positions, a household's move-out, the register import's raw inserts, the seeds, bulk loads),
 * as the scope version's triggers do (0010).
 */

const SQLITE_KEY = (h: string) => `(
  SELECT b.number || char(1) || e.number || char(1) || printf('%04d', ${h}.floor + 1000) || char(1) || ${h}.room
    FROM building b, entrance e WHERE b.id = ${h}.building_id AND e.id = ${h}.entrance_id)`;

const PG_KEY = (h: string) => `(
  SELECT b.number || chr(1) || e.number || chr(1) || lpad((${h}.floor + 1000)::text, 4, '0') || chr(1) || ${h}.room
    FROM building b, entrance e WHERE b.id = ${h}.building_id AND e.id = ${h}.entrance_id)`;

const COVER = `FROM household_assignment a JOIN liaison_position p ON p.id = a.position_id
  WHERE a.household_id = household.id`;

const SQLITE_LEADER = `
  has_leader = EXISTS (SELECT 1 ${COVER} AND a.valid_to IS NULL AND p.valid_to IS NULL),
  has_leader_from = coalesce((SELECT max(max(a.valid_from, coalesce(a.valid_to, ''), p.valid_from,
    coalesce(p.valid_to, ''))) ${COVER}), '')`;

export const PG_LEADER = `
  has_leader = CASE WHEN EXISTS (SELECT 1 ${COVER} AND a.valid_to IS NULL AND p.valid_to IS NULL) THEN 1 ELSE 0 END,
  has_leader_from = coalesce((SELECT max(greatest(a.valid_from, coalesce(a.valid_to, ''), p.valid_from,
    coalesce(p.valid_to, ''))) ${COVER}), '')`;

const SQLITE_TRIGGERS: [string, string, string][] = [
  [
    'household_address_key_insert',
    'AFTER INSERT ON household',
    `UPDATE household SET address_key = ${SQLITE_KEY('household')} WHERE id = NEW.id;`,
  ],
  [
    'household_address_key_update',
    'AFTER UPDATE OF building_id, entrance_id, floor, room ON household',
    `UPDATE household SET address_key = ${SQLITE_KEY('household')} WHERE id = NEW.id;`,
  ],
  [
    'building_number_address_key',
    'AFTER UPDATE OF number ON building',
    `UPDATE household SET address_key = ${SQLITE_KEY('household')} WHERE building_id = NEW.id;`,
  ],
  [
    'entrance_number_address_key',
    'AFTER UPDATE OF number ON entrance',
    `UPDATE household SET address_key = ${SQLITE_KEY('household')} WHERE entrance_id = NEW.id;`,
  ],
  [
    'household_assignment_leader_insert',
    'AFTER INSERT ON household_assignment',
    `UPDATE household SET ${SQLITE_LEADER} WHERE id = NEW.household_id;`,
  ],
  [
    'household_assignment_leader_update',
    'AFTER UPDATE ON household_assignment',
    `UPDATE household SET ${SQLITE_LEADER} WHERE id IN (NEW.household_id, OLD.household_id);`,
  ],
  [
    'household_assignment_leader_delete',
    'AFTER DELETE ON household_assignment',
    `UPDATE household SET ${SQLITE_LEADER} WHERE id = OLD.household_id;`,
  ],
  [
    'liaison_position_leader_update',
    'AFTER UPDATE OF valid_from, valid_to ON liaison_position',
    `UPDATE household SET ${SQLITE_LEADER}
       WHERE id IN (SELECT household_id FROM household_assignment WHERE position_id = NEW.id);`,
  ],
];

/** The two PostgreSQL functions that keep `has_leader` and `has_leader_from`, with `leader` as the SET list. */
export function pgLeaderFunctions(leader: string): [string, string][] {
  return [
    [
      'household_assignment_leader',
      `IF TG_OP = 'DELETE' THEN
       UPDATE household SET ${leader} WHERE id = OLD.household_id;
     ELSIF TG_OP = 'UPDATE' THEN
       UPDATE household SET ${leader} WHERE id IN (NEW.household_id, OLD.household_id);
     ELSE
       UPDATE household SET ${leader} WHERE id = NEW.household_id;
     END IF;
     RETURN NULL;`,
    ],
    [
      'liaison_position_leader',
      `UPDATE household SET ${leader}
       WHERE id IN (SELECT household_id FROM household_assignment WHERE position_id = NEW.id);
     RETURN NULL;`,
    ],
  ];
}

const PG_FUNCTIONS: [string, string][] = [
  [
    'household_address_key_set',
    `NEW.address_key := ${PG_KEY('NEW')};
     RETURN NEW;`,
  ],
  [
    'building_number_address_key',
    `UPDATE household SET address_key = ${PG_KEY('household')} WHERE building_id = NEW.id;
     RETURN NULL;`,
  ],
  [
    'entrance_number_address_key',
    `UPDATE household SET address_key = ${PG_KEY('household')} WHERE entrance_id = NEW.id;
     RETURN NULL;`,
  ],
  ...pgLeaderFunctions(PG_LEADER),
];

const PG_TRIGGERS: [string, string, string][] = [
  [
    'household_address_key',
    'BEFORE INSERT OR UPDATE OF building_id, entrance_id, floor, room ON household',
    'household_address_key_set',
  ],
  ['building_number_address_key', 'AFTER UPDATE OF number ON building', 'building_number_address_key'],
  ['entrance_number_address_key', 'AFTER UPDATE OF number ON entrance', 'entrance_number_address_key'],
  [
    'household_assignment_leader',
    'AFTER INSERT OR UPDATE OR DELETE ON household_assignment',
    'household_assignment_leader',
  ],
  [
    'liaison_position_leader',
    'AFTER UPDATE OF valid_from, valid_to ON liaison_position',
    'liaison_position_leader',
  ],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .alterTable('household')
    .addColumn('address_key', 'text', (c) => (pg ? c.modifyEnd(sql`COLLATE "C"`) : c))
    .execute();
  await db.schema
    .alterTable('household')
    .addColumn('has_leader', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('household')
    .addColumn('has_leader_from', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // The households already written.
  await sql
    .raw(
      pg
        ? `UPDATE household SET address_key = ${PG_KEY('household')}, ${PG_LEADER}`
        : `UPDATE household SET address_key = ${SQLITE_KEY('household')}, ${SQLITE_LEADER}`,
    )
    .execute(db);
  await db.schema
    .createIndex('household_address_key_idx')
    .on('household')
    .columns(['community_id', 'address_key'])
    .execute();
  if (pg) {
    for (const [name, body] of PG_FUNCTIONS)
      await sql
        .raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${body} END; $$`)
        .execute(db);
    for (const [name, when, fn] of PG_TRIGGERS)
      await sql.raw(`CREATE TRIGGER ${name} ${when} FOR EACH ROW EXECUTE FUNCTION ${fn}()`).execute(db);
  } else {
    for (const [name, when, body] of SQLITE_TRIGGERS)
      await sql.raw(`CREATE TRIGGER ${name} ${when} BEGIN ${body} END`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  if (pg) {
    for (const [name, when] of PG_TRIGGERS) {
      const table = when.split(' ON ')[1]?.trim() ?? '';
      await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db);
    }
    for (const [name] of PG_FUNCTIONS) await sql.raw(`DROP FUNCTION ${name}()`).execute(db);
  } else {
    for (const [name] of SQLITE_TRIGGERS) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  }
  await db.schema.dropIndex('household_address_key_idx').execute();
  for (const column of ['has_leader_from', 'has_leader', 'address_key'])
    await db.schema.alterTable('household').dropColumn(column).execute();
}
