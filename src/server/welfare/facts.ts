import { sourceLines } from '../../domain/welfare/explain';
import { FACTS, type HouseholdFacts, isFactKey } from '../../domain/welfare/facts';
import type { FactOrigin } from '../../domain/welfare/register';
import type { TFactOrigin, TFactsInput } from '../../shared/contracts/welfare';
import type { Language } from '../../shared/errors';
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

/** Fact origins for a reader: labelled in their language, health facts left out for those who may not see them. */
export function visibleOrigins(
  origins: readonly FactOrigin[],
  seesHealth: boolean,
  lang: Language,
): { origins: TFactOrigin[]; lines: string[]; linesOther: string[] } {
  const shown = origins.filter((o) => seesHealth || !(HEALTH_FACTS as readonly string[]).includes(o.fact));
  const other: Language = lang === 'en' ? 'zh-CN' : 'en';
  return {
    origins: shown.map((o) => ({
      fact: o.fact,
      label: isFactKey(o.fact) ? FACTS[o.fact].label[lang === 'en' ? 'en' : 'zh'] : o.fact,
      value: o.value,
      source: o.source,
      readOn: o.readOn,
      conflict: o.conflict ?? null,
      override: o.override ?? null,
    })),
    lines: sourceLines(shown, lang),
    linesOther: sourceLines(shown, other),
  };
}
