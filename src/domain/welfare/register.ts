import type { BaseFactKey, HouseholdFacts } from './facts';

/**
 * What the household register already tells welfare (issue 20), so that nobody has to type it again and
 * the two cannot silently disagree: ages are taken on the decision's date from birth dates, household
 * size and living alone from who is registered, and care tags as they stand.
 */

export interface RegisteredMember {
  birthDate: string | null;
  careTags: readonly string[];
}

/**
 * The facts the register can tell; any other fact comes from typing only. Household size is
 * `registeredMembers`, not `members`: dibao divides by the members living together, which a worker
 * establishes and the register (who is registered at the flat) does not.
 */
export const REGISTER_FACTS = [
  'registeredMembers',
  'memberOver80',
  'memberUnder18',
  'livingAlone',
  'memberOver80LivingAlone',
  'bedriddenMember',
  'lowVisionMember',
] as const satisfies readonly BaseFactKey[];
export type RegisterFactKey = (typeof REGISTER_FACTS)[number];

const ALONE_TAGS = ['lives_alone', 'elderly_alone'];

/** Whole years from a birth date to a date, both `YYYY-MM-DD`: the age a person has on that day. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * A yes that one member proves, a no that needs every member known: a household where someone's birth
 * date is missing is "unknown", not "no", unless a known member already answers yes.
 */
function anyMember(ages: readonly (number | null)[], test: (age: number) => boolean): boolean | null {
  if (ages.some((a) => a !== null && test(a))) return true;
  return ages.includes(null) ? null : false;
}

/** The register's facts for a household of present members on a date; none for a household of no one. */
export function registerFacts(members: readonly RegisteredMember[], date: string): HouseholdFacts {
  if (members.length === 0) return {};
  const ages = members.map((m) => (m.birthDate ? ageOn(m.birthDate, date) : null));
  const aloneTagged = members.map((m) => m.careTags.some((t) => ALONE_TAGS.includes(t)));
  const livingAlone = members.length === 1 || aloneTagged.some(Boolean);
  // The one who lives alone: the only member, or those the register tags as living alone.
  const alone = members.length === 1 ? ages : ages.filter((_, i) => aloneTagged[i]);
  return {
    registeredMembers: members.length,
    memberOver80: anyMember(ages, (a) => a >= 80),
    memberUnder18: anyMember(ages, (a) => a < 18),
    livingAlone,
    memberOver80LivingAlone: livingAlone ? anyMember(alone, (a) => a >= 80) : false,
    bedriddenMember: members.some((m) => m.careTags.includes('bedridden')),
    lowVisionMember: members.some((m) => m.careTags.includes('low_vision')),
  };
}

export type FactSource = 'typed' | 'register';

/** A worker's choice, with a reason, of which source counts for one fact of one household. */
export interface FactOverride {
  fact: string;
  use: FactSource;
  reason: string;
  by: string;
  at: string;
}

export interface FactOrigin {
  fact: string;
  value: number | boolean | string | null;
  source: FactSource;
  /** When the register was read (the decision's date), or when the typed record was saved. */
  readOn: string | null;
  /** The other source's value when the two disagree; absent when they agree or only one knows. */
  conflict?: { typed: number | boolean | string | null; register: number | boolean | string | null };
  override?: FactOverride;
}

export interface CombinedFacts {
  facts: HouseholdFacts;
  origins: FactOrigin[];
}

/**
 * Typed facts and the register's, one value per fact: where both know a fact and disagree, the
 * register's counts unless the latest override for that fact says to use the typed one. Every value
 * used says where it came from, so an explanation can name it.
 */
export function combineFacts(
  typed: HouseholdFacts,
  typedOn: string | null,
  register: HouseholdFacts,
  registerReadOn: string,
  overrides: readonly FactOverride[],
): CombinedFacts {
  const facts: HouseholdFacts = { ...typed };
  const origins: FactOrigin[] = [];
  const known = (v: unknown) => v !== undefined && v !== null;
  for (const [fact, value] of Object.entries(typed)) {
    if (!known(value) || (REGISTER_FACTS as readonly string[]).includes(fact)) continue;
    origins.push({ fact, value: value ?? null, source: 'typed', readOn: typedOn });
  }
  for (const fact of REGISTER_FACTS) {
    const fromRegister = register[fact];
    const fromTyping = typed[fact];
    if (!known(fromRegister)) {
      if (known(fromTyping))
        origins.push({ fact, value: fromTyping ?? null, source: 'typed', readOn: typedOn });
      continue;
    }
    const override = overrides.filter((o) => o.fact === fact).at(-1);
    const disagree = known(fromTyping) && fromTyping !== fromRegister;
    const useTyped = disagree && override?.use === 'typed';
    const value = (useTyped ? fromTyping : fromRegister) ?? null;
    facts[fact] = value;
    origins.push({
      fact,
      value,
      source: useTyped ? 'typed' : 'register',
      readOn: useTyped ? typedOn : registerReadOn,
      ...(disagree ? { conflict: { typed: fromTyping ?? null, register: fromRegister ?? null } } : {}),
      ...(disagree && override ? { override } : {}),
    });
  }
  return { facts, origins };
}

/** The origins a decision keeps: those of the facts it used, derived facts traced to what they rest on. */
export function originsUsed(origins: readonly FactOrigin[], factsUsed: HouseholdFacts): FactOrigin[] {
  return origins.filter((o) => Object.hasOwn(factsUsed, o.fact));
}
