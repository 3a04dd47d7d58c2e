import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentSearchKeys } from '../../src/server/register/searchKeys';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('the register on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let householdId: string;
  let entranceId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');
    const buildings = (await worker.get('/api/v1/buildings')).json().items;
    entranceId = buildings[0].entrances[0].id;
    const created = await worker.post('/api/v1/households', { entranceId, floor: 9, room: '901' });
    expect(created.statusCode, created.body).toBe(200);
    householdId = created.json().id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds a resident, finds them by name, pinyin initials, phone tail and address', async () => {
    const added = await worker.post(`/api/v1/households/${householdId}/residents`, {
      name: '张惠德',
      gender: 'female',
      idNumber: '11010519360503004x',
      phone: '13912345678',
      relation: '户主',
      careTags: ['lives_alone', 'hard_of_hearing'],
    });
    expect(added.statusCode, added.body).toBe(200);
    const resident = added.json();
    // The birth date comes from the ID number; a lower-case x is stored upper-case.
    expect(resident).toMatchObject({ birthDate: '1936-05-03', idNumber: '11010519360503004X', age: 90 });
    const buildingNumber = (await worker.get(`/api/v1/households/${householdId}`)).json().address
      .buildingNumber;
    for (const [q, matchedBy] of [
      ['张惠', 'name'],
      ['zhd', 'pinyin'],
      ['zhanghui', 'pinyin'],
      ['5678', 'phone'],
      [`${buildingNumber}-1-901`, 'address'],
      [`${buildingNumber}－1－901`, 'address'],
    ] as const) {
      const res = await worker.get(`/api/v1/residents/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const hit = res.json().items.find((h: { residentId: string }) => h.residentId === resident.id);
      expect(hit, `search ${q}`).toMatchObject({
        matchedBy,
        householdId,
        careTags: ['hard_of_hearing', 'lives_alone'],
      });
    }
    const filtered = await worker.get(
      '/api/v1/residents/search?careTag=hard_of_hearing&ageBand=80%2B&limit=200',
    );
    expect(filtered.json().items.map((h: { residentId: string }) => h.residentId)).toContain(resident.id);
    expect(filtered.json().items.every((h: { age: number }) => h.age >= 80)).toBe(true);
  });

  it('refuses a wrong check digit and a birth date that disagrees with the ID, in the caller’s language', async () => {
    const bad = await worker.post(
      `/api/v1/households/${householdId}/residents`,
      { name: '李四', gender: 'male', idNumber: '110105193605030021', relation: '子' },
      { 'accept-language': 'en' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'request.invalid', field: 'idNumber' });
    const mismatch = await worker.post(`/api/v1/households/${householdId}/residents`, {
      name: '李四',
      gender: 'male',
      idNumber: '110105193605030015',
      birthDate: '1937-01-01',
      relation: '子',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.code).toBe('register.birth_mismatch');
  });

  it('edits keep a history without ID number values, and search keys follow the new name', async () => {
    const list = (await worker.get(`/api/v1/households/${householdId}`)).json();
    const id = list.members[0].id;
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/residents/${id}`,
      headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken },
      payload: { name: '单惠德', phone: '13800001111', idNumber: '110105193605030015' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const row = await t.database.db
      .selectFrom('resident')
      .select(['name_initials', 'phone_tail'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name_initials: residentSearchKeys('单惠德', null).name_initials,
      phone_tail: '1111',
    });
    const history = (await worker.get(`/api/v1/households/${householdId}/history`)).json().items;
    const update = history.find((h: { action: string }) => h.action === 'resident.update');
    expect(update.actorName).toBeTruthy();
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', from: '张惠德', to: '单惠德' },
        { field: 'idNumber', from: '•••', to: '•••' },
      ]),
    );
    expect(JSON.stringify(history)).not.toContain('110105193605030015');
  });

  it('a building leader may read their households but not edit the register', async () => {
    const own = (await leader.get('/api/v1/households?limit=1')).json().items[0].id;
    expect((await leader.get(`/api/v1/households/${own}/history`)).statusCode).toBe(200);
    const res = await leader.post(`/api/v1/households/${own}/residents`, {
      name: '王五',
      gender: 'male',
      relation: '子',
    });
    expect(res.statusCode).toBe(403);
  });

  it('draws the building picture: the leader sees their flats, others hidden; lens shows coverage', async () => {
    const buildings = (await leader.get('/api/v1/buildings')).json().items;
    expect(buildings.length).toBeGreaterThan(0);
    const picture = (await leader.get(`/api/v1/buildings/${buildings[0].id}/picture?lens=no_leader`)).json();
    const cells = picture.entrances.flatMap((e: { floors: { flats: unknown[] }[] }) =>
      e.floors.flatMap((f) => f.flats),
    );
    const states = new Set(cells.map((c: { state: string }) => c.state));
    expect(states.has('household')).toBe(true);
    expect(states.has('hidden')).toBe(true);
    for (const cell of cells.filter((c: { state: string }) => c.state === 'hidden')) {
      expect(cell).toMatchObject({ householdId: null, memberCount: 0, careTags: [] });
    }
    expect(
      cells
        .filter((c: { state: string }) => c.state === 'household')
        .every((c: { lensKey: string }) => c.lensKey === 'covered'),
    ).toBe(true);
    // The worker's new household on floor 9 has no building leader yet.
    const workerPicture = (
      await worker.get(`/api/v1/buildings/${buildings[0].id}/picture?lens=no_leader`)
    ).json();
    const floor9 = workerPicture.entrances[0].floors.find((f: { floor: number }) => f.floor === 9);
    expect(floor9.flats.find((c: { room: string }) => c.room === '901')).toMatchObject({
      state: 'household',
      lensKey: 'no_leader',
    });
  });

  it('prints a QR notice for a building’s board that leads to its public report page', async () => {
    const building = (await worker.get('/api/v1/buildings')).json().items[0];
    const res = await worker.get(`/api/v1/buildings/${building.id}/notice.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toContain(`/b/${building.id}`);
    expect(res.body).toContain('扫码');
    const other = await signIn(t.app, 'c2.worker');
    expect((await other.get(`/api/v1/buildings/${building.id}/notice.svg`)).statusCode).toBe(404);
  });

  it('moves a household out with its residents; it leaves the register and search', async () => {
    const res = await worker.post(`/api/v1/households/${householdId}/move-out`, {
      date: '2026-11-29',
      reason: '搬去子女家',
    });
    expect(res.statusCode).toBe(200);
    expect((await worker.get(`/api/v1/households/${householdId}`)).statusCode).toBe(404);
    expect((await worker.get('/api/v1/residents/search?q=dhd')).json().items).toEqual([]);
  });
});
