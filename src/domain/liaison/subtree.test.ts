import { describe, expect, it } from 'vitest';
import { subtreeOf } from './subtree';

describe('subtreeOf', () => {
  const links = [
    { id: 'committee', parentId: null },
    { id: 'branch1', parentId: 'committee' },
    { id: 'branch2', parentId: 'committee' },
    { id: 'member1', parentId: 'branch1' },
    { id: 'leader1', parentId: 'member1' },
    { id: 'leader2', parentId: 'branch2' },
  ];

  it('takes a position and everything below it', () => {
    expect([...subtreeOf(links, ['branch1'])].sort()).toEqual(['branch1', 'leader1', 'member1']);
  });

  it('leaves siblings and parents out', () => {
    const tree = subtreeOf(links, ['member1']);
    expect(tree.has('branch1')).toBe(false);
    expect(tree.has('leader2')).toBe(false);
  });

  it('survives a cycle in bad data', () => {
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect([...subtreeOf(cyclic, ['a'])].sort()).toEqual(['a', 'b']);
  });
});
