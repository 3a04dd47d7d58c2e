import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_SERVICES, DEFAULT_VALUES_FROM } from '../../domain/service/catalogue';
import type { DB, ServiceKindTable, ServiceValueTable } from '../db/schema';

/** Gives a community the default catalogue the first time its station is used; safe to race. */
export async function ensureDefaultServices(db: Kysely<DB>, communityId: string, at: string): Promise<void> {
  const existing = await db
    .selectFrom('service_kind')
    .select('code')
    .where('community_id', '=', communityId)
    .execute();
  const have = new Set(existing.map((r) => r.code));
  for (const d of DEFAULT_SERVICES.filter((s) => !have.has(s.code))) {
    await db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const inserted = await trx
        .insertInto('service_kind')
        .values({
          id,
          community_id: communityId,
          code: d.code,
          name_zh: d.nameZh,
          name_en: d.nameEn,
          unit: d.unit,
          created_at: at,
        })
        .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
      await insertValue(trx, {
        id: randomUUID(),
        service_id: id,
        valid_from: DEFAULT_VALUES_FROM,
        value_fen: d.valueFen,
        set_by_user_id: null,
        set_at: at,
      });
    });
  }
}

export async function servicesOf(db: Kysely<DB>, communityId: string): Promise<ServiceKindTable[]> {
  return db
    .selectFrom('service_kind')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
}

export async function findService(db: Kysely<DB>, id: string): Promise<ServiceKindTable | undefined> {
  return db.selectFrom('service_kind').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertService(db: Kysely<DB>, row: ServiceKindTable): Promise<void> {
  await db.insertInto('service_kind').values(row).execute();
}

export async function insertValue(db: Kysely<DB>, row: ServiceValueTable): Promise<void> {
  await db.insertInto('service_value').values(row).execute();
}

/** Every dated value of these services, oldest first. */
export async function valuesOf(db: Kysely<DB>, serviceIds: readonly string[]): Promise<ServiceValueTable[]> {
  if (serviceIds.length === 0) return [];
  return db
    .selectFrom('service_value')
    .selectAll()
    .where('service_id', 'in', [...serviceIds])
    .orderBy('valid_from')
    .orderBy('set_at')
    .execute();
}
