import type { Kysely } from 'kysely';
import type { FactOverride, RegisteredMember } from '../../domain/welfare/register';
import type { DB, WelfareFactOverrideTable } from '../db/schema';

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** The present members of each household as the register holds them: birth date and care tags. */
export async function registeredMembers(
  db: Kysely<DB>,
  householdIds: readonly string[],
): Promise<Map<string, RegisteredMember[]>> {
  const out = new Map<string, RegisteredMember[]>();
  for (const ids of chunks([...new Set(householdIds)])) {
    const rows = await db
      .selectFrom('resident')
      .leftJoin('resident_care_tag', 'resident_care_tag.resident_id', 'resident.id')
      .select(['resident.id', 'resident.household_id', 'resident.birth_date', 'resident_care_tag.tag'])
      .where('resident.household_id', 'in', ids)
      .where('resident.moved_out_at', 'is', null)
      .execute();
    const byResident = new Map<
      string,
      { householdId: string; member: { birthDate: string | null; careTags: string[] } }
    >();
    for (const r of rows) {
      let entry = byResident.get(r.id);
      if (!entry) {
        entry = { householdId: r.household_id, member: { birthDate: r.birth_date, careTags: [] } };
        byResident.set(r.id, entry);
      }
      if (r.tag) entry.member.careTags.push(r.tag);
    }
    for (const { householdId, member } of byResident.values()) {
      const members = out.get(householdId) ?? [];
      members.push(member);
      out.set(householdId, members);
    }
  }
  return out;
}

/** Every override of these households, oldest first, so the last one for a fact is the one in force. */
export async function overridesOf(
  db: Kysely<DB>,
  householdIds: readonly string[],
): Promise<Map<string, FactOverride[]>> {
  const out = new Map<string, FactOverride[]>();
  for (const ids of chunks([...new Set(householdIds)])) {
    const rows = await db
      .selectFrom('welfare_fact_override')
      .innerJoin('user_account', 'user_account.id', 'welfare_fact_override.recorded_by_user_id')
      .select([
        'welfare_fact_override.household_id',
        'welfare_fact_override.fact',
        'welfare_fact_override.use',
        'welfare_fact_override.reason',
        'welfare_fact_override.recorded_at',
        'user_account.display_name',
      ])
      .where('welfare_fact_override.household_id', 'in', ids)
      .orderBy('welfare_fact_override.recorded_at')
      .orderBy('welfare_fact_override.id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.household_id) ?? [];
      list.push({ fact: r.fact, use: r.use, reason: r.reason, by: r.display_name, at: r.recorded_at });
      out.set(r.household_id, list);
    }
  }
  return out;
}

export async function insertOverride(trx: Kysely<DB>, row: WelfareFactOverrideTable): Promise<void> {
  await trx.insertInto('welfare_fact_override').values(row).execute();
}
