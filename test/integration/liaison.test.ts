import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TLiaisonNode } from '../../src/shared/contracts/liaison';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

function walk(nodes: TLiaisonNode[], visit: (n: TLiaisonNode) => void) {
  for (const n of nodes) {
    visit(n);
    walk(n.children, visit);
  }
}

describe.each(DIALECTS)('the liaison chain on %s', (dialect) => {
  let t: TestApp;
  let committee: SignedIn;
  let partyMember: SignedIn;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    committee = await signIn(t.app, 'committee');
    partyMember = await signIn(t.app, 'partymember');
  });
  afterAll(async () => {
    await t.close();
  });

  it('is a tree from the committee to every household, with counts at every node', async () => {
    const tree = (await committee.get('/api/v1/liaison/tree')).json();
    expect(tree.roots).toHaveLength(1);
    const [root] = tree.roots;
    expect(root.tier).toBe('committee');
    const households = (await committee.get('/api/v1/home')).json().households;
    expect(root.households).toBe(households);
    expect(tree.householdsWithoutLeader).toBe(0);
    walk(tree.roots, (n) => {
      if (n.children.length > 0) expect(n.households).toBe(n.children.reduce((s, c) => s + c.households, 0));
    });
  });

  it('shows a party member only their own part of the chain', async () => {
    const tree = (await partyMember.get('/api/v1/liaison/tree')).json();
    expect(tree.roots.map((r: TLiaisonNode) => r.tier)).toEqual(['party_member']);
    const home = (await partyMember.get('/api/v1/home')).json();
    expect(tree.roots[0].households).toBe(home.households);
    const committeeRoot = (await committee.get('/api/v1/liaison/tree')).json().roots[0];
    expect((await partyMember.get(`/api/v1/liaison/positions/${committeeRoot.positionId}`)).statusCode).toBe(
      404,
    );
  });

  it('reassigns a household and keeps who covered it, from when to when', async () => {
    const tree = (await committee.get('/api/v1/liaison/tree')).json();
    const leaders: TLiaisonNode[] = [];
    walk(tree.roots, (n) => {
      if (n.tier === 'building_leader') leaders.push(n);
    });
    const [from, to] = leaders as [TLiaisonNode, TLiaisonNode];
    const detail = (await committee.get(`/api/v1/liaison/positions/${from.positionId}`)).json();
    const householdId = detail.households[0].householdId;
    const res = await committee.post(`/api/v1/households/${householdId}/assign`, {
      positionId: to.positionId,
      validFrom: '2026-11-29',
    });
    expect(res.statusCode, res.body).toBe(200);
    const history = (await committee.get(`/api/v1/households/${householdId}/cover-history`)).json().items;
    expect(history).toEqual([
      expect.objectContaining({ positionId: to.positionId, validFrom: '2026-11-29', validTo: null }),
      expect.objectContaining({ positionId: from.positionId, validTo: '2026-11-29' }),
    ]);
    const path = (await committee.get(`/api/v1/households/${householdId}`)).json().liaisonPath;
    expect(path[0]).toMatchObject({ tier: 'building_leader', name: to.personName });
    expect(path.map((p: { tier: string }) => p.tier)).toEqual([
      'building_leader',
      'party_member',
      'group_leader',
      'branch',
      'committee',
    ]);
  });

  it('takes a reassigned household out of the old leader’s reach at their next request, and sends its reports up the new chain', async () => {
    const leader = await signIn(t.app, 'buildingleader');
    const [household] = (await leader.get('/api/v1/households?limit=1')).json().items;
    expect((await leader.get(`/api/v1/households/${household.id}`)).statusCode).toBe(200);
    const report = (body: object) =>
      committee.post('/api/v1/reports', {
        householdId: household.id,
        category: 'repairs',
        description: '楼道灯坏了',
        ...body,
      });
    const before = (await report({})).json();
    const tree = (await committee.get('/api/v1/liaison/tree')).json();
    const others: TLiaisonNode[] = [];
    walk(tree.roots, (n) => {
      if (n.tier === 'building_leader' && n.personName !== before.responsible.name) others.push(n);
    });
    const to = others[0] as TLiaisonNode;
    const assigned = await committee.post(`/api/v1/households/${household.id}/assign`, {
      positionId: to.positionId,
      validFrom: '2026-11-29',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect((await leader.get(`/api/v1/households/${household.id}`)).statusCode).toBe(404);
    const after = (await report({})).json();
    expect(after.responsible).toMatchObject({ tier: 'building_leader', name: to.personName });
  });

  it('refuses an upper position of the wrong tier, and a household given to anyone but a building leader', async () => {
    const root = (await committee.get('/api/v1/liaison/tree')).json().roots[0];
    const wrong = await committee.post('/api/v1/liaison/positions', {
      communityId: t.seed.communityIds[0],
      tier: 'building_leader',
      personName: '新楼门长',
      parentId: root.positionId,
      validFrom: '2026-11-29',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('liaison.wrong_tier');
    const household = (await committee.get('/api/v1/households?limit=1')).json().items[0].id;
    const toCommittee = await committee.post(`/api/v1/households/${household}/assign`, {
      positionId: root.positionId,
      validFrom: '2026-11-29',
    });
    expect(toCommittee.json().error.code).toBe('liaison.not_building_leader');
    expect(
      (
        await partyMember.post(`/api/v1/households/${household}/assign`, {
          positionId: root.positionId,
          validFrom: '2026-11-29',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('coverage finds households without a leader, overloaded leaders, vacant upper positions and people in two tiers', async () => {
    const tree = (await committee.get('/api/v1/liaison/tree')).json();
    const groups: TLiaisonNode[] = [];
    const leaders: TLiaisonNode[] = [];
    walk(tree.roots, (n) => {
      if (n.tier === 'group_leader') groups.push(n);
      if (n.tier === 'building_leader') leaders.push(n);
    });
    const group = groups[0] as TLiaisonNode;
    const member = group.children[0] as TLiaisonNode;
    const leader = member.children[0] as TLiaisonNode;
    // The group leader leaves: their party members' upper position is vacant.
    expect(
      (await committee.post(`/api/v1/liaison/positions/${group.positionId}/end`, { validTo: '2026-11-29' }))
        .statusCode,
    ).toBe(200);
    // A building leader leaves: their households have no leader.
    expect(
      (await committee.post(`/api/v1/liaison/positions/${leader.positionId}/end`, { validTo: '2026-11-29' }))
        .statusCode,
    ).toBe(200);
    // The branch secretary also becomes a building leader under a party member.
    const branch = tree.roots[0].children[0] as TLiaisonNode;
    const otherMember = (tree.roots[0].children[1] as TLiaisonNode).children[0]?.children[0] as TLiaisonNode;
    const twice = await committee.post('/api/v1/liaison/positions', {
      communityId: t.seed.communityIds[0],
      tier: 'building_leader',
      personName: branch.personName,
      phone: branch.phone,
      parentId: otherMember.positionId,
      validFrom: '2026-11-29',
    });
    expect(twice.statusCode, twice.body).toBe(200);
    const coverage = (await committee.get('/api/v1/liaison/coverage?limit=1')).json();
    expect(coverage.householdsWithoutLeader.length).toBe(leader.households);
    expect(coverage.overloadedLeaders.length).toBeGreaterThan(0);
    expect(coverage.overloadedLeaders.every((l: { households: number }) => l.households > 1)).toBe(true);
    expect(coverage.vacantParents).toEqual(
      expect.arrayContaining(
        group.children.map((c) =>
          expect.objectContaining({ positionId: c.positionId, reason: 'parent_ended' }),
        ),
      ),
    );
    expect(coverage.personsInTwoTiers).toEqual([
      { personName: branch.personName, phone: branch.phone, tiers: ['branch', 'building_leader'] },
    ]);
    const home = (await committee.get('/api/v1/home')).json();
    expect(home.withoutBuildingLeader).toBe(leader.households);
    expect((await partyMember.get('/api/v1/liaison/coverage')).statusCode).toBe(403);
  });
});
