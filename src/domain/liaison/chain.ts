import type { TCoverage, TLiaisonNode } from '../../shared/contracts/liaison';
import { TIERS, type Tier } from '../../shared/roles';

/** A position held today, with the households assigned to it directly (building leaders only). */
export interface ChainPosition {
  id: string;
  parentId: string | null;
  tier: Tier;
  personName: string;
  phone: string | null;
  directHouseholds: number;
}

/** The tree under each root, with the households beneath every node counted. */
export function buildChainTree(
  positions: readonly ChainPosition[],
  rootIds: readonly string[],
): TLiaisonNode[] {
  const children = new Map<string, ChainPosition[]>();
  for (const p of positions) {
    if (p.parentId === null) continue;
    children.set(p.parentId, [...(children.get(p.parentId) ?? []), p]);
  }
  const byId = new Map(positions.map((p) => [p.id, p]));
  const seen = new Set<string>();
  const build = (p: ChainPosition): TLiaisonNode => {
    seen.add(p.id);
    const kids = (children.get(p.id) ?? [])
      .filter((c) => !seen.has(c.id))
      .sort((a, b) => a.personName.localeCompare(b.personName, 'zh-CN'))
      .map(build);
    return {
      positionId: p.id,
      tier: p.tier,
      personName: p.personName,
      phone: p.phone,
      households: p.directHouseholds + kids.reduce((sum, k) => sum + k.households, 0),
      children: kids,
    };
  };
  return rootIds
    .map((id) => byId.get(id))
    .filter((p): p is ChainPosition => p !== undefined)
    .map(build);
}

/** Tops of the community's tree: positions with no serving upper position. */
export function chainRoots(positions: readonly ChainPosition[]): string[] {
  const ids = new Set(positions.map((p) => p.id));
  return positions
    .filter((p) => p.parentId === null || !ids.has(p.parentId))
    .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier))
    .map((p) => p.id);
}

/** The upper position must be exactly one tier up; the committee has none. */
export function parentTierOf(tier: Tier): Tier | null {
  const index = TIERS.indexOf(tier);
  return index <= 0 ? null : (TIERS[index - 1] ?? null);
}

/**
 * Holes in the chain: leaders with more households than `limit`, positions whose upper position is
 * missing or no longer held, and one person (same name and phone) holding two tiers.
 */
export function coverageProblems(
  positions: readonly ChainPosition[],
  allParentIds: ReadonlyMap<string, string | null>,
  limit: number,
): Pick<TCoverage, 'overloadedLeaders' | 'vacantParents' | 'personsInTwoTiers'> {
  const current = new Set(positions.map((p) => p.id));
  const overloadedLeaders = positions
    .filter((p) => p.tier === 'building_leader' && p.directHouseholds > limit)
    .sort((a, b) => b.directHouseholds - a.directHouseholds)
    .map((p) => ({ positionId: p.id, personName: p.personName, households: p.directHouseholds }));
  const vacantParents = positions
    .filter((p) => p.tier !== 'committee')
    .flatMap((p): TCoverage['vacantParents'] => {
      const parentId = allParentIds.get(p.id) ?? null;
      if (parentId === null)
        return [{ positionId: p.id, tier: p.tier, personName: p.personName, reason: 'no_parent' as const }];
      if (!current.has(parentId))
        return [
          { positionId: p.id, tier: p.tier, personName: p.personName, reason: 'parent_ended' as const },
        ];
      return [];
    });
  const byPerson = new Map<string, ChainPosition[]>();
  for (const p of positions) {
    const key = `${p.personName}\u0000${p.phone ?? ''}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), p]);
  }
  const personsInTwoTiers = [...byPerson.values()]
    .map((held) => ({
      held,
      tiers: [...new Set(held.map((p) => p.tier))].sort((a, b) => TIERS.indexOf(a) - TIERS.indexOf(b)),
    }))
    .filter(({ tiers }) => tiers.length > 1)
    .map(({ held, tiers }) => ({
      personName: held[0]?.personName ?? '',
      phone: held[0]?.phone ?? null,
      tiers,
    }));
  return { overloadedLeaders, vacantParents, personsInTwoTiers };
}
