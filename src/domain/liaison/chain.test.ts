import { describe, expect, it } from 'vitest';
import { buildChainTree, type ChainPosition, chainRoots, coverageProblems, parentTierOf } from './chain';

const p = (
  id: string,
  tier: ChainPosition['tier'],
  parentId: string | null,
  directHouseholds = 0,
  personName = id,
): ChainPosition => ({
  id,
  tier,
  parentId,
  personName,
  phone: null,
  directHouseholds,
});

const chain = [
  p('c', 'committee', null),
  p('b', 'branch', 'c'),
  p('g', 'group_leader', 'b'),
  p('m', 'party_member', 'g'),
  p('l1', 'building_leader', 'm', 12),
  p('l2', 'building_leader', 'm', 31),
];

describe('the liaison chain', () => {
  it('counts households at every node', () => {
    const [root] = buildChainTree(chain, chainRoots(chain));
    expect(root?.households).toBe(43);
    expect(root?.children[0]?.children[0]?.children[0]?.children.map((c) => c.households)).toEqual([12, 31]);
  });

  it('knows the tier above each tier', () => {
    expect(parentTierOf('building_leader')).toBe('party_member');
    expect(parentTierOf('committee')).toBeNull();
  });

  it('finds overloaded leaders, vacant upper positions and people in two tiers', () => {
    const ended = chain.filter((x) => x.id !== 'g');
    const doubled = [...ended, { ...p('l3', 'building_leader', 'm', 3), personName: 'b' }];
    const parents = new Map([...chain, ...doubled].map((x) => [x.id, x.parentId]));
    const problems = coverageProblems(doubled, parents, 30);
    expect(problems.overloadedLeaders).toEqual([{ positionId: 'l2', personName: 'l2', households: 31 }]);
    expect(problems.vacantParents).toEqual([
      { positionId: 'm', tier: 'party_member', personName: 'm', reason: 'parent_ended' },
    ]);
    expect(problems.personsInTwoTiers).toEqual([
      { personName: 'b', phone: null, tiers: ['branch', 'building_leader'] },
    ]);
  });
});
