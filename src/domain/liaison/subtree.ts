/** A position in the liaison chain, reduced to what the tree needs. */
export interface ChainLink {
  id: string;
  parentId: string | null;
}

/**
 * Every position at or below the given roots: the part of the chain a person answers for.
 * Cycles (a data error) cannot loop forever: each position is visited once.
 */
export function subtreeOf(links: readonly ChainLink[], rootIds: readonly string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const link of links) {
    if (link.parentId === null) continue;
    const list = children.get(link.parentId) ?? [];
    list.push(link.id);
    children.set(link.parentId, list);
  }
  const seen = new Set<string>();
  const stack = [...rootIds];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  return seen;
}
