import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, type DialectName, openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';

/** SQLite always; PostgreSQL too when LINLI_TEST_PG_URL names a server. */
export const DIALECTS: DialectName[] = process.env.LINLI_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase extends Database {
  dataDir: string;
  /** Closes the connection and removes the database (its folder, or its PostgreSQL schema). */
  drop(): Promise<void>;
}

async function onPostgres<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.LINLI_TEST_PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of its own: a temp folder on SQLite, a schema of its own on PostgreSQL. */
export async function createTestDatabase(
  dialect: DialectName,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-test-'));
  let database: Database;
  let schema: string | null = null;
  if (dialect === 'postgres') {
    schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await onPostgres((c) => c.query(`CREATE SCHEMA ${schema}`));
    database = openDatabase({ dataDir, databaseUrl: process.env.LINLI_TEST_PG_URL, pgSchema: schema });
  } else {
    database = openDatabase({ dataDir });
  }
  if (options.migrate ?? true) await migrateToLatest(database);
  return {
    ...database,
    dataDir,
    drop: async () => {
      await database.close();
      if (schema) await onPostgres((c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
