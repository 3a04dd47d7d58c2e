import type { HouseholdFacts } from '../../domain/welfare/facts';
import type { TFactsInput } from '../../shared/contracts/welfare';
import type { WelfareFactsTable } from '../db/schema';

/**
 * Facts of the `health` class, kept apart and shown only to roles that see health: disability and
 * illness, and the vehicle exceptions that exist only because of them.
 */
export const HEALTH_FACTS = [
  'severeDisability',
  'seriousIllness',
  'mobilityVehicleForDisabled',
  'vehicleForSeriousIllness',
] as const;

export function splitFacts(input: TFactsInput): { finance: HouseholdFacts; health: HouseholdFacts } {
  const finance: Record<string, unknown> = {};
  const health: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'note' || value === undefined) continue;
    if ((HEALTH_FACTS as readonly string[]).includes(key)) health[key] = value;
    else finance[key] = value;
  }
  return { finance: finance as HouseholdFacts, health: health as HouseholdFacts };
}

/** All recorded facts of a household, for the rules (which see everything; the presenters filter). */
export function factsOf(row: WelfareFactsTable | undefined): HouseholdFacts {
  if (!row) return {};
  return { ...JSON.parse(row.finance_facts), ...JSON.parse(row.health_facts) } as HouseholdFacts;
}

/** What a caller without the `health` class may see of a set of facts, and which keys were withheld. */
export function visibleFacts(
  facts: Record<string, unknown>,
  seesHealth: boolean,
): { facts: Record<string, number | boolean | string | null>; withheld: string[] } {
  const shown: Record<string, number | boolean | string | null> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(facts)) {
    if (!seesHealth && (HEALTH_FACTS as readonly string[]).includes(key)) withheld.push(key);
    else shown[key] = (value ?? null) as number | boolean | string | null;
  }
  return { facts: shown, withheld };
}
