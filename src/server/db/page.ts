import type { SelectQueryBuilder } from 'kysely';
import type { DB } from './schema';

/** Which rows of a table a request asks for. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/**
 * One page of a table's rows and how many rows match in all, read side by side. `filtered` is the query
 * with every filter and no columns (so the count reads no more than it must); `rows` the same query with
 * its columns and its order, which must end on a unique key so that pages never overlap.
 */
export async function pageWithTotal<TB extends keyof DB, O, R>(
  filtered: SelectQueryBuilder<DB, TB, O>,
  rows: SelectQueryBuilder<DB, keyof DB, R>,
  page: PageRequest,
): Promise<{ total: number; items: R[] }> {
  const [count, items] = await Promise.all([
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    rows.limit(page.limit).offset(page.offset).execute(),
  ]);
  return { total: Number(count.n), items };
}
