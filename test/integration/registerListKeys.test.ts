import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/server/clock';
import { createMigrator } from '../../src/server/db/migrate';
import type { THouseholdSummary } from '../../src/shared/contracts/registry';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

/**
 * Issue 23: the household's address key and building-leader state (migration 0026) are copies kept by
 * triggers. Each test changes what they are copied from, through the app where the app can, and checks
 * the tables against the values worked out afresh from the source rows.
 */
describe.each(DIALECTS)('the register tables’ kept columns on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  const today = () => localDate(t.clock());
  const community = () => t.seed.communityIds[0] as string;
  const dayAfter = (days: number) => {
    const d = new Date(`${today()}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
  });
  afterAll(async () => {
    await t.close();
  });

  /** Households lived in today, in the old four-part address order, worked out without the key. */
  async function truth() {
    const day = today();
    const rows = await t.database.db
      .selectFrom('household')
      .innerJoin('building', 'building.id', 'household.building_id')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .select((eb) => [
        'household.id',
        'household.has_leader',
        'household.has_leader_from',
        'building.number as building',
        'entrance.number as entrance',
        'household.floor',
        'household.room',
        eb
          .exists(
            eb
              .selectFrom('household_assignment as a')
              .innerJoin('liaison_position as p', 'p.id', 'a.position_id')
              .select('a.id')
              .whereRef('a.household_id', '=', 'household.id')
              .where('a.valid_from', '<=', day)
              .where((e) => e.or([e('a.valid_to', 'is', null), e('a.valid_to', '>', day)]))
              .where('p.valid_from', '<=', day)
              .where((e) => e.or([e('p.valid_to', 'is', null), e('p.valid_to', '>', day)])),
          )
          .as('served'),
      ])
      .where('household.community_id', '=', community())
      .where('household.moved_out_at', 'is', null)
      .execute();
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    rows.sort(
      (a, b) =>
        cmp(a.building, b.building) ||
        cmp(a.entrance, b.entrance) ||
        a.floor - b.floor ||
        cmp(a.room, b.room) ||
        cmp(a.id, b.id),
    );
    return rows.map((r) => ({ ...r, served: Boolean(r.served) }));
  }

  async function ids(url: string): Promise<string[]> {
    const page = (await worker.get(url)).json() as { total: number; items: { id: string }[] };
    expect(page.total).toBe(page.items.length);
    return page.items.map((h) => h.id);
  }

  /** The tables answer as the source rows do: order, leader filter both ways, and the stored state. */
  async function expectTablesMatchSource() {
    const rows = await truth();
    expect(await ids('/api/v1/households?limit=500')).toEqual(rows.map((r) => r.id));
    // Descending: one household per address, so no ties for the id to break.
    expect(await ids('/api/v1/households?limit=500&sort=-address')).toEqual(
      [...rows].reverse().map((r) => r.id),
    );
    expect(await ids('/api/v1/households?limit=500&hasLeader=no')).toEqual(
      rows.filter((r) => !r.served).map((r) => r.id),
    );
    expect(await ids('/api/v1/households?limit=500&hasLeader=yes')).toEqual(
      rows.filter((r) => r.served).map((r) => r.id),
    );
    // Where the stored state claims to know the day, it is right.
    for (const r of rows)
      if (r.has_leader_from <= today())
        expect({ id: r.id, served: r.has_leader === 1 }).toEqual({ id: r.id, served: r.served });
    const residents = (await worker.get('/api/v1/residents?limit=500&hasLeader=no')).json();
    const withoutLeader = new Set(rows.filter((r) => !r.served).map((r) => r.id));
    expect(residents.items.every((r: { householdId: string }) => withoutLeader.has(r.householdId))).toBe(
      true,
    );
    return rows;
  }

  async function leaderPositions() {
    return t.database.db
      .selectFrom('liaison_position')
      .select(['id'])
      .where('community_id', '=', community())
      .where('tier', '=', 'building_leader')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .execute();
  }

  async function householdsOf(positionId: string) {
    return (
      await t.database.db
        .selectFrom('household_assignment')
        .select('household_id')
        .where('position_id', '=', positionId)
        .where('valid_to', 'is', null)
        .execute()
    ).map((r) => r.household_id);
  }

  it('start right after the seed, and the migration fills them for households already written', async () => {
    const rows = await expectTablesMatchSource();
    expect(rows.some((r) => r.served)).toBe(true);
    const keys = await t.database.db
      .selectFrom('household')
      .select(['id', 'address_key', 'has_leader', 'has_leader_from'])
      .orderBy('id')
      .execute();
    // Back to before 0026 and up again: the migration's own fill gives the same values the triggers did.
    const migrator = createMigrator(t.database);
    expect((await migrator.migrateTo('0025_door_notices')).error).toBeUndefined();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(
      await t.database.db
        .selectFrom('household')
        .select(['id', 'address_key', 'has_leader', 'has_leader_from'])
        .orderBy('id')
        .execute(),
    ).toEqual(keys);
  });

  it('follow a leader leaving, a household given a new leader, and a cover that starts in the future', async () => {
    const [first, second] = await leaderPositions();
    if (!first || !second) throw new Error('the seed has two building leaders');
    const covered = await householdsOf(first.id);
    expect(covered.length).toBeGreaterThan(1);
    // The leader leaves today: her households have no leader.
    expect(
      (await worker.post(`/api/v1/liaison/positions/${first.id}/end`, { validTo: today() })).statusCode,
    ).toBe(200);
    let rows = await expectTablesMatchSource();
    for (const id of covered) expect(rows.find((r) => r.id === id)?.served).toBe(false);
    // One of them is given to the other leader from today, another from the day after tomorrow.
    const [now, later] = covered as [string, string];
    expect(
      (await worker.post(`/api/v1/households/${now}/assign`, { positionId: second.id, validFrom: today() }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await worker.post(`/api/v1/households/${later}/assign`, {
          positionId: second.id,
          validFrom: dayAfter(2),
        })
      ).statusCode,
    ).toBe(200);
    rows = await expectTablesMatchSource();
    expect(rows.find((r) => r.id === now)?.served).toBe(true);
    expect(rows.find((r) => r.id === later)?.served).toBe(false);
    // Three days on, the future cover has begun, with no write in between.
    t.clock.advanceMinutes(3 * 24 * 60);
    worker = await signIn(t.app, 'worker');
    rows = await expectTablesMatchSource();
    expect(rows.find((r) => r.id === later)?.served).toBe(true);
  });

  it('follow a leader who leaves on a future day', async () => {
    const [position] = await leaderPositions();
    if (!position) throw new Error('the seed has a building leader');
    const covered = await householdsOf(position.id);
    expect(
      (await worker.post(`/api/v1/liaison/positions/${position.id}/end`, { validTo: dayAfter(1) }))
        .statusCode,
    ).toBe(200);
    let rows = await expectTablesMatchSource();
    for (const id of covered) expect(rows.find((r) => r.id === id)?.served).toBe(true);
    t.clock.advanceMinutes(2 * 24 * 60);
    worker = await signIn(t.app, 'worker');
    rows = await expectTablesMatchSource();
    for (const id of covered) expect(rows.find((r) => r.id === id)?.served).toBe(false);
  });

  it('follow a household moving out', async () => {
    const before = await truth();
    const leaving = before.find((r) => r.served)?.id as string;
    expect(
      (await worker.post(`/api/v1/households/${leaving}/move-out`, { date: today(), reason: '搬走' }))
        .statusCode,
    ).toBe(200);
    const rows = await expectTablesMatchSource();
    expect(rows.map((r) => r.id)).not.toContain(leaving);
    const gone = await t.database.db
      .selectFrom('household')
      .select(['has_leader', 'has_leader_from'])
      .where('id', '=', leaving)
      .executeTakeFirstOrThrow();
    expect(gone).toEqual({ has_leader: 0, has_leader_from: today() });
  });

  it('follow an address corrected: a building renumbered, an entrance renumbered, a room and a floor', async () => {
    const rows = await truth();
    const first = rows[0] as (typeof rows)[number];
    const household = await t.database.db
      .selectFrom('household')
      .select(['building_id', 'entrance_id'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    // The first building becomes the last, and one of its entrances sorts after the others.
    await t.database.db
      .updateTable('building')
      .set({ number: '99' })
      .where('id', '=', household.building_id)
      .execute();
    await expectTablesMatchSource();
    await t.database.db
      .updateTable('entrance')
      .set({ number: '9' })
      .where('id', '=', household.entrance_id)
      .execute();
    await expectTablesMatchSource();
    await t.database.db
      .updateTable('household')
      .set({ floor: -2, room: 'B02' })
      .where('id', '=', first.id)
      .execute();
    const after = await expectTablesMatchSource();
    expect(after.map((r) => r.id)).not.toEqual(rows.map((r) => r.id));
    const labels = (
      (await worker.get('/api/v1/households?limit=500')).json().items as THouseholdSummary[]
    ).map((h) => h.address.buildingNumber);
    expect(labels.at(-1)).toBe('99');
  });

  it('agree with the assignments for every household, moved out or not', async () => {
    const mismatched = await sql<{ n: number }>`
      SELECT count(*) AS n FROM household h
      WHERE h.has_leader_from <= ${today()}
        AND h.has_leader <> (CASE WHEN EXISTS (
          SELECT 1 FROM household_assignment a JOIN liaison_position p ON p.id = a.position_id
          WHERE a.household_id = h.id AND a.valid_from <= ${today()}
            AND (a.valid_to IS NULL OR a.valid_to > ${today()})
            AND p.valid_from <= ${today()} AND (p.valid_to IS NULL OR p.valid_to > ${today()})
        ) THEN 1 ELSE 0 END)`.execute(t.database.db);
    expect(Number(mismatched.rows[0]?.n)).toBe(0);
  });
});
