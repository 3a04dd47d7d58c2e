import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';

/**
 * The transaction `trx`, in which a use case's own `db.transaction().execute(work)` runs `work` inline.
 * Kysely refuses a transaction inside a transaction; the demo's history is written through the use
 * cases, which each open their own, and must still commit as one or not at all.
 */
export function inlineTransactions(trx: Transaction<DB>): Kysely<DB> {
  const inline: Kysely<DB> = new Proxy(trx, {
    get(target, property) {
      if (property === 'transaction') {
        return () => ({ execute: <T>(work: (db: Kysely<DB>) => Promise<T>) => work(inline) });
      }
      const value: unknown = Reflect.get(target, property, target);
      // Kysely's methods read private fields, which a proxy does not have: call them on the transaction.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return inline;
}
