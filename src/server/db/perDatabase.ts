import type { Kysely } from 'kysely';

/**
 * State kept in memory for one database, reached alike from the database and from any of its
 * transactions. Each transaction is a Kysely object of its own, but all share the dialect adapter the
 * database was opened with, so the adapter is the key.
 */
// biome-ignore lint/suspicious/noExplicitAny: the state does not depend on the tables.
export function perDatabase<T>(create: () => T): (db: Kysely<any>) => T {
  const states = new WeakMap<object, T>();
  return (db) => {
    const key = db.getExecutor().adapter;
    let state = states.get(key);
    if (state === undefined) {
      state = create();
      states.set(key, state);
    }
    return state;
  };
}
