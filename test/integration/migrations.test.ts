import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigrator } from '../../src/server/db/migrate';
import { MIGRATIONS } from '../../src/server/db/migrations/registry';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/testDatabase';

const NAMES = Object.keys(MIGRATIONS);

async function tableNames(database: TestDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  // On PostgreSQL introspection sees every schema; other test runs have their own.
  return tables
    .filter((t) => database.pgSchema === null || t.schema === database.pgSchema)
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();
}

describe('the migration registry', () => {
  it('numbers migrations uniquely, in order, with four-digit prefixes', () => {
    const prefixes = NAMES.map((n) => n.slice(0, 4));
    expect(new Set(prefixes).size).toBe(NAMES.length);
    expect(NAMES.every((n) => /^\d{4}_[a-z0-9_]+$/.test(n))).toBe(true);
    expect([...NAMES].sort()).toEqual(NAMES);
  });
});

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  it('apply from scratch and leave the core tables', async () => {
    database = await createTestDatabase(dialect);
    expect(await tableNames(database)).toEqual(
      expect.arrayContaining(['community', 'household', 'resident', 'liaison_position', 'audit_event']),
    );
  });

  it('apply each prefix of the list, then the rest, then roll all the way back', async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    const migrator = createMigrator(database);
    for (const name of NAMES) {
      const result = await migrator.migrateTo(name);
      expect(result.error).toBeUndefined();
      const applied = (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
      expect(applied).toEqual(NAMES.slice(0, NAMES.indexOf(name) + 1));
    }
    for (let i = NAMES.length - 1; i >= 0; i--) {
      const result = await migrator.migrateDown();
      expect(result.error).toBeUndefined();
      const applied = (await migrator.getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
      expect(applied).toEqual(NAMES.slice(0, i));
    }
    expect(await tableNames(database)).toEqual([]);
    // And up again from nothing, so a down migration leaves nothing behind that blocks its up.
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await sql`SELECT 1 FROM audit_head`.execute(database.db);
  });
});
