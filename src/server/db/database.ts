import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';
import { OwnSchemaPostgresDialect } from './schemaIntrospector';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Where the SQLite file lives; null on PostgreSQL. */
  sqlitePath: string | null;
  /** The PostgreSQL schema Linli's tables live in; null on SQLite. */
  pgSchema: string | null;
  /** Where to open a dedicated PostgreSQL connection (LISTEN for the live feed); null on SQLite. */
  pgUrl: string | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string | undefined;
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl && !usesSqlite(options.databaseUrl)) {
    return openPostgres(options.databaseUrl, options.pgSchema);
  }
  return openSqlite(path.join(options.dataDir, 'linli.db'));
}

/** Whether the database is the SQLite file in the data folder (anything but a `postgres…` URL). */
export function usesSqlite(databaseUrl: string | undefined): boolean {
  return !databaseUrl?.startsWith('postgres');
}

export function openSqlite(file: string): Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets readers go on while one writer writes; FULL makes every acknowledged commit survive a crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', sqlitePath: file, pgSchema: null, pgUrl: null, close: () => db.destroy() };
}

// A group of new reports is written by multi-row inserts whose text differs with the group's size (1–64).
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every statement anew; preparing costs more than running most of Linli's queries.
 * Statements are kept by their SQL text (parameters are bound at run time), the oldest dropped first.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare: (source: string) => {
      const cached = cache.get(source);
      // A statement still iterating (a streamed read) cannot be reused; prepare another for this call.
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(source);
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return statement;
    },
    close: () => {
      sqlite.close();
    },
  };
}

function openPostgres(url: string, schema: string | undefined): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }, schema ?? 'public') });
  return {
    db,
    dialect: 'postgres',
    sqlitePath: null,
    pgSchema: schema ?? 'public',
    pgUrl: url,
    close: () => db.destroy(),
  };
}
