import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type Database, type DialectName, openDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';

/** Writes rows as fast as the database takes them, bypassing the app: for building test data only. */
export interface BulkSink {
  /** Inserts the rows of every batch (each row in its `columns` order), in order, in one transaction. */
  insert(batches: readonly TableRows[]): Promise<void>;
  close(): Promise<void>;
}

export interface TableRows {
  table: string;
  columns: readonly string[];
  rows: readonly unknown[][];
}

/** A migrated, empty database of the benchmark's own, removed by `drop()`. */
export interface BenchTarget {
  dialect: DialectName;
  database: Database;
  label: string;
  /** `copy`: PostgreSQL's `COPY … FROM STDIN` instead of multi-row INSERTs (ignored on SQLite). */
  bulk(options?: { durable?: boolean; copy?: boolean }): Promise<BulkSink>;
  /** On SQLite, the size of the database file and its WAL. */
  sizeMB(): Promise<number>;
  drop(): Promise<void>;
}

async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTarget(
  dialect: DialectName,
  label: string,
  pgUrl?: string,
): Promise<BenchTarget> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `linli-bench-${label}-`));
  if (dialect === 'sqlite') {
    const database = openDatabase({ dataDir });
    await migrateToLatest(database);
    const file = database.sqlitePath ?? '';
    return {
      dialect,
      database,
      label,
      bulk: async (options = {}) => sqliteSink(file, options.durable ?? false),
      sizeMB: async () => {
        let bytes = 0;
        for (const f of fs.readdirSync(dataDir)) bytes += fs.statSync(path.join(dataDir, f)).size;
        return Math.round(bytes / 1024 / 1024);
      },
      drop: async () => {
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('PostgreSQL needs a URL');
  // A label may hold characters an unquoted schema name cannot ("lists-0.1").
  const schema = `bench_${label.replace(/[^a-z0-9_]/gi, '_')}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await onPostgres(pgUrl, (c) => c.query(`CREATE SCHEMA ${schema}`));
  const database = openDatabase({ dataDir, databaseUrl: pgUrl, pgSchema: schema });
  await migrateToLatest(database);
  return {
    dialect,
    database,
    label,
    bulk: async (options = {}) => (options.copy ? pgCopySink(pgUrl, schema) : pgSink(pgUrl, schema)),
    sizeMB: async () =>
      onPostgres(pgUrl, async (c) => {
        const r = await c.query<{ bytes: string }>(
          `SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))), 0) AS bytes
             FROM pg_tables WHERE schemaname = $1`,
          [schema],
        );
        return Math.round(Number(r.rows[0]?.bytes ?? 0) / 1024 / 1024);
      }),
    drop: async () => {
      await database.close();
      await onPostgres(pgUrl, (c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second connection to the SQLite file with prepared INSERTs. Not durable unless asked: test data
 * needs no fsync per commit. `durable` keeps the app's settings (WAL, synchronous=FULL) for the raw
 * reference insert, so it is compared like for like with the import.
 */
function sqliteSink(file: string, durable: boolean): BulkSink {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(durable ? 'synchronous = FULL' : 'synchronous = OFF');
  sqlite.pragma('foreign_keys = ON');
  if (!durable) sqlite.pragma('cache_size = -131072');
  const statements = new Map<string, SQLite.Statement>();
  return {
    insert: async (batches) => {
      const prepared = batches.map(({ table, columns, rows }) => {
        const key = `${table}(${columns.join(',')})`;
        let statement = statements.get(key);
        if (!statement) {
          statement = sqlite.prepare(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          );
          statements.set(key, statement);
        }
        return { statement, rows };
      });
      sqlite.transaction(() => {
        for (const { statement, rows } of prepared) for (const row of rows) statement.run(row);
      })();
    },
    close: async () => {
      sqlite.close();
    },
  };
}

/** A PostgreSQL sink: each `insert` call is one transaction, writing table after table with `write`. */
async function pgTransactionSink(
  url: string,
  schema: string,
  write: (client: pg.Client, table: TableRows) => Promise<void>,
): Promise<BulkSink> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    insert: async (batches) => {
      await client.query('BEGIN');
      try {
        for (const batch of batches) await write(client, batch);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    close: async () => {
      await client.end();
    },
  };
}

/** Multi-row INSERTs of up to 1,000 rows. */
function pgSink(url: string, schema: string): Promise<BulkSink> {
  return pgTransactionSink(url, schema, async (client, { table, columns, rows }) => {
    const perStatement = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      const values: unknown[] = [];
      const tuples = part.map((row) => {
        const start = values.length;
        values.push(...row);
        return `(${columns.map((_, j) => `$${start + j + 1}`).join(', ')})`;
      });
      await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    }
  });
}

/** One field in COPY's text format: `\\N` for null; backslash, tab and line breaks escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(
    /[\\\t\n\r]/g,
    (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? c,
  );
}

/** `COPY … FROM STDIN`, one per table: PostgreSQL's fastest way to take rows. */
function pgCopySink(url: string, schema: string): Promise<BulkSink> {
  return pgTransactionSink(url, schema, async (client, { table, columns, rows }) => {
    const lines = (function* () {
      // Chunks of 1,000 lines: one stream write per row would cost more than the row.
      for (let i = 0; i < rows.length; i += 1000)
        yield rows
          .slice(i, i + 1000)
          .map((row) => `${row.map(copyField).join('\t')}\n`)
          .join('');
    })();
    await pipeline(
      Readable.from(lines),
      client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
    );
  });
}
