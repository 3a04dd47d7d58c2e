import type { LadderStep } from '../../shared/contracts/care';

/** The chain around one check-in, as the ladder needs it: position ids, null where nobody holds one. */
export interface LadderChain {
  /** The plan's responsible person, else the household's building leader today. */
  responsible: string | null;
  standIn: string | null;
  /** The position one tier above the responsible person. */
  upOneTier: string | null;
  committee: string | null;
  /** Key holders with a position in the chain (from the key register). */
  keyHolders: readonly string[];
}

/**
 * Whom a ladder step tells (issue 5): first the responsible person and the stand-in; then one tier up
 * (the committee when there is no tier above) and the key holders; then the committee, to go to the
 * door. When nobody in the chain is left for a step, the committee stands in, so no step tells no one.
 */
export function ladderRecipients(step: LadderStep, chain: LadderChain): string[] {
  let told: (string | null)[];
  if (step === 1) told = [chain.responsible, chain.standIn];
  else if (step === 2) told = [chain.upOneTier ?? chain.committee, ...chain.keyHolders];
  else told = [chain.committee];
  const positions = [...new Set(told.filter((p): p is string => p !== null))];
  return positions.length === 0 && chain.committee ? [chain.committee] : positions;
}
