import { TIERS, type Tier } from '../../shared/roles';

export interface PathPosition {
  positionId: string;
  tier: Tier;
}

/**
 * The lowest position on the path (bottom first: building leader … committee) at or above the tier
 * able to handle the category. A path without that tier hands it to the next one up.
 */
export function responsibleOn<P extends PathPosition>(path: readonly P[], handlerTier: Tier): P | null {
  const wanted = TIERS.indexOf(handlerTier);
  return path.find((p) => TIERS.indexOf(p.tier) <= wanted) ?? null;
}

/** The next position up the path from the one responsible now; null at the top. */
export function oneUp(path: readonly PathPosition[], current: PathPosition): PathPosition | null {
  const index = path.findIndex((p) => p.positionId === current.positionId);
  if (index >= 0) return path[index + 1] ?? null;
  const tier = TIERS.indexOf(current.tier);
  return path.find((p) => TIERS.indexOf(p.tier) < tier) ?? null;
}
