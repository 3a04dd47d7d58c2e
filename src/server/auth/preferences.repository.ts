import type { Kysely } from 'kysely';
import { DEFAULT_PREFERENCES, type TextStep, type TPreferences } from '../../shared/contracts/auth';
import type { DB } from '../db/schema';

/** The person's preferences, or the defaults while they have chosen nothing. */
export async function findPreferences(db: Kysely<DB>, userId: string): Promise<TPreferences> {
  const row = await db
    .selectFrom('user_preference')
    .select(['elder_mode', 'text_step', 'elder_offered'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return DEFAULT_PREFERENCES;
  return {
    elderMode: row.elder_mode === 1,
    textStep: Math.min(3, Math.max(1, Number(row.text_step))) as TextStep,
    elderOffered: row.elder_offered === 1,
  };
}

/** Writes the whole of a person's preferences: the same PUT twice leaves one row in the same state. */
export async function upsertPreferences(
  db: Kysely<DB>,
  userId: string,
  preferences: TPreferences,
  at: string,
): Promise<void> {
  const values = {
    elder_mode: preferences.elderMode ? 1 : 0,
    text_step: preferences.textStep,
    elder_offered: preferences.elderOffered ? 1 : 0,
  };
  await db
    .insertInto('user_preference')
    .values({ user_id: userId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}
