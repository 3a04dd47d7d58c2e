import { type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './database';
import { MIGRATIONS } from './migrations/registry';

/**
 * On PostgreSQL the migrator's own tables are looked up by schema: without naming it, a table of the
 * same name in another schema of the same database would be taken for ours.
 */
export function createMigrator(database: Database, migrations = MIGRATIONS): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    ...(database.pgSchema ? { migrationTableSchema: database.pgSchema } : {}),
  });
}

function unwrap(result: MigrationResultSet): void {
  if (result.error) throw result.error;
}

export async function migrateToLatest(database: Database): Promise<void> {
  unwrap(await createMigrator(database).migrateToLatest());
}
