import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import type { DialectName } from '../../src/server/db/database';
import type { DB } from '../../src/server/db/schema';

/**
 * The plan of the first query that `work` runs: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE.
 * Kept beside the timings, so a slow figure comes with its reason.
 */
export async function planOfFirstQuery(
  db: Kysely<DB>,
  dialect: DialectName,
  work: (db: Kysely<DB>) => Promise<unknown>,
): Promise<string[]> {
  let first: RootOperationNode | null = null;
  const capture: KyselyPlugin = {
    transformQuery: (args) => {
      first ??= args.node;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await work(db.withPlugin(capture));
  if (!first) return [];
  const compiled = db.getExecutor().compileQuery(first, createQueryId());
  const explain = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN (ANALYZE, COSTS OFF)';
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(`${explain} ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows.map((r) => String(dialect === 'sqlite' ? r.detail : r['QUERY PLAN']));
}
