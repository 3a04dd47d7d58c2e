import type { TLiaisonNode } from '../../shared/contracts/liaison';
import type { Tier } from '../../shared/roles';

/** Every node of the chain, depth first, with the names of those above it. */
export function flattenTree(
  roots: readonly TLiaisonNode[],
): { node: TLiaisonNode; path: readonly TLiaisonNode[] }[] {
  const out: { node: TLiaisonNode; path: readonly TLiaisonNode[] }[] = [];
  const walk = (node: TLiaisonNode, path: readonly TLiaisonNode[]) => {
    out.push({ node, path });
    for (const child of node.children) walk(child, [...path, node]);
  };
  for (const root of roots) walk(root, []);
  return out;
}

export function nodesOfTier(roots: readonly TLiaisonNode[], tier: Tier): TLiaisonNode[] {
  return flattenTree(roots)
    .map((entry) => entry.node)
    .filter((node) => node.tier === tier);
}
