import type { Kysely } from 'kysely';
import type { HouseholdFacts } from '../../domain/welfare/facts';
import { type CombinedFacts, combineFacts, registerFacts } from '../../domain/welfare/register';
import type { DB, WelfareFactsTable } from '../db/schema';
import { factsOf } from './facts';
import { overridesOf, registeredMembers } from './register.repository';

export interface KnownFacts extends CombinedFacts {
  /** The typed record used, if any: decisions name it. */
  factsId: string | null;
  /** Whether anything at all is known: no typed record and no one registered leaves a household unjudged. */
  anything: boolean;
}

/**
 * What welfare knows of each household on a date: the latest typed record and the register read for that
 * date, combined with the overrides in force. One query per source for the whole set, so a community's
 * list costs the same few queries however many households it has.
 */
export async function knownFacts(
  db: Kysely<DB>,
  householdIds: readonly string[],
  typedRows: ReadonlyMap<string, WelfareFactsTable>,
  date: string,
): Promise<Map<string, KnownFacts>> {
  const [members, overrides] = await Promise.all([
    registeredMembers(db, householdIds),
    overridesOf(db, householdIds),
  ]);
  const out = new Map<string, KnownFacts>();
  for (const id of householdIds) {
    const row = typedRows.get(id);
    const register: HouseholdFacts = registerFacts(members.get(id) ?? [], date);
    const combined = combineFacts(
      factsOf(row),
      row?.recorded_at.slice(0, 10) ?? null,
      register,
      date,
      overrides.get(id) ?? [],
    );
    out.set(id, {
      ...combined,
      factsId: row?.id ?? null,
      anything: row !== undefined || Object.keys(register).length > 0,
    });
  }
  return out;
}
