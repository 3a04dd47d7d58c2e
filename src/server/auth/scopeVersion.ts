import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** The database's scope version (migration 0010): it moves whenever what scopes are made of changes. */
export async function currentScopeVersion(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('scope_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Values computed from accounts and the liaison chain (scopes, paths up the chain), trusted only under
 * the scope version they were computed under: a newer version empties the cache. The version must be
 * read before the value is computed, so a value is never filed under a version newer than its data.
 */
export class VersionedCache<V> {
  private version = Number.NEGATIVE_INFINITY;
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries = 10_000) {}

  get(version: number, key: string): V | undefined {
    return version === this.version ? this.entries.get(key) : undefined;
  }

  set(version: number, key: string, value: V): void {
    if (version < this.version) return;
    if (version > this.version || this.entries.size >= this.maxEntries) this.entries.clear();
    this.version = version;
    this.entries.set(key, value);
  }
}
