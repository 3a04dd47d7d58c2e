import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { THouseholdSummary, TResidentRow } from '../../src/shared/contracts/registry';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

async function sheetOf(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

describe.each(DIALECTS)('the register tables on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let partyMember: SignedIn;
  let allHouseholds: THouseholdSummary[];
  let allResidents: TResidentRow[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
    leader = await signIn(t.app, 'buildingleader');
    partyMember = await signIn(t.app, 'partymember');
    allHouseholds = (await worker.get('/api/v1/households?limit=500')).json().items;
    const residents = (await worker.get('/api/v1/residents?limit=500')).json();
    allResidents = residents.items;
    expect(residents.total).toBe(allResidents.length);
    expect(allResidents.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await t.close();
  });

  it('pages through every household and every resident: total, limit and offset', async () => {
    const seen = new Set<string>();
    let total = 0;
    for (let offset = 0; ; offset += 7) {
      const page = (await worker.get(`/api/v1/households?limit=7&offset=${offset}`)).json();
      total = page.total;
      for (const h of page.items) seen.add(h.id);
      if (page.items.length < 7) break;
    }
    expect(total).toBe(allHouseholds.length);
    expect(seen.size).toBe(allHouseholds.length);
    const second = (await worker.get('/api/v1/residents?limit=5&offset=5')).json();
    expect(second.total).toBe(allResidents.length);
    expect(second.items.map((r: TResidentRow) => r.id)).toEqual(allResidents.slice(5, 10).map((r) => r.id));
  });

  it('sorts households by address both ways, by members, and with care needs first', async () => {
    const labels = (items: THouseholdSummary[]) => items.map((h) => h.address.label);
    const down = (await worker.get('/api/v1/households?limit=500&sort=-address')).json().items;
    expect(labels(down)).toEqual(labels(allHouseholds).reverse());
    const byMembers = (await worker.get('/api/v1/households?limit=500&sort=-members')).json().items;
    const counts = byMembers.map((h: THouseholdSummary) => h.memberCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const care = (await worker.get('/api/v1/households?limit=500&sort=care')).json().items;
    const firstWithout = care.findIndex((h: THouseholdSummary) => h.careTags.length === 0);
    expect(firstWithout).toBeGreaterThan(0);
    expect(care.slice(firstWithout).every((h: THouseholdSummary) => h.careTags.length === 0)).toBe(true);
  });

  it('sorts residents by name, age and address', async () => {
    const byAge = (await worker.get('/api/v1/residents?limit=500&sort=-age')).json().items as TResidentRow[];
    const ages = byAge.map((r) => r.age).filter((a): a is number => a !== null);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    const byName = (await worker.get('/api/v1/residents?limit=500&sort=name')).json().items as TResidentRow[];
    expect(new Set(byName.map((r) => r.id))).toEqual(new Set(allResidents.map((r) => r.id)));
    const down = (await worker.get('/api/v1/residents?limit=500&sort=-address')).json()
      .items as TResidentRow[];
    expect(down[0]?.address.label).toBe(allResidents.at(-1)?.address.label);
  });

  it('filters by building, entrance, address text, name, care tag, age band, gender and building leader', async () => {
    const first = allHouseholds[0] as THouseholdSummary;
    const buildingId = (await worker.get('/api/v1/buildings')).json().items[0].id as string;
    const inBuilding = (await worker.get(`/api/v1/households?limit=500&buildingId=${buildingId}`)).json();
    expect(inBuilding.total).toBeGreaterThan(0);
    expect(inBuilding.total).toBeLessThan(allHouseholds.length);
    const building = inBuilding.items[0].address.buildingNumber;
    expect(inBuilding.items.every((h: THouseholdSummary) => h.address.buildingNumber === building)).toBe(
      true,
    );
    expect(inBuilding.total).toBe(allHouseholds.filter((h) => h.address.buildingNumber === building).length);

    const entrance = (
      await worker.get(
        `/api/v1/households?limit=500&buildingId=${buildingId}&entrance=${first.address.entranceNumber}`,
      )
    ).json();
    expect(entrance.total).toBe(
      allHouseholds.filter(
        (h) =>
          h.address.buildingNumber === building && h.address.entranceNumber === first.address.entranceNumber,
      ).length,
    );

    const byAddress = (
      await worker.get(`/api/v1/households?q=${encodeURIComponent(first.address.label)}`)
    ).json();
    expect(byAddress.items.map((h: THouseholdSummary) => h.id)).toEqual([first.id]);

    const someone = allResidents.find((r) => r.householdId !== first.id) as TResidentRow;
    const byName = (await worker.get(`/api/v1/households?q=${encodeURIComponent(someone.name)}`)).json();
    expect(byName.items.map((h: THouseholdSummary) => h.id)).toContain(someone.householdId);
    const residentsByName = (
      await worker.get(`/api/v1/residents?q=${encodeURIComponent(someone.name)}`)
    ).json();
    expect(residentsByName.items.every((r: TResidentRow) => r.name.startsWith(someone.name))).toBe(true);

    const tag = allResidents.find((r) => r.careTags.length > 0)?.careTags[0] as string;
    const tagged = (await worker.get(`/api/v1/residents?limit=500&careTag=${tag}`)).json();
    expect(tagged.total).toBe(allResidents.filter((r) => (r.careTags as string[]).includes(tag)).length);
    const taggedHouseholds = (await worker.get(`/api/v1/households?limit=500&careTag=${tag}`)).json();
    expect(taggedHouseholds.total).toBe(
      allHouseholds.filter((h) => (h.careTags as string[]).includes(tag)).length,
    );

    const old = (await worker.get('/api/v1/residents?limit=500&ageBand=80%2B')).json();
    expect(old.total).toBe(allResidents.filter((r) => r.age !== null && r.age >= 80).length);
    expect(old.items.every((r: TResidentRow) => (r.age ?? 0) >= 80)).toBe(true);
    const women = (await worker.get('/api/v1/residents?limit=500&gender=female')).json();
    expect(women.total).toBe(allResidents.filter((r) => r.gender === 'female').length);

    const home = (await worker.get('/api/v1/home')).json();
    const without = (await worker.get('/api/v1/households?limit=500&hasLeader=no')).json();
    const withLeader = (await worker.get('/api/v1/households?limit=500&hasLeader=yes')).json();
    expect(without.total).toBe(home.withoutBuildingLeader);
    expect(without.total + withLeader.total).toBe(allHouseholds.length);
  });

  it('refuses bad filters with a clear error in the caller’s language', async () => {
    const bad = await worker.get('/api/v1/residents?sort=height', { 'accept-language': 'zh-CN' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const badTag = await worker.get('/api/v1/households?careTag=rich');
    expect(badTag.statusCode).toBe(400);
  });

  it('keeps to the scope: a building leader and a party member see only their households', async () => {
    const mine = (await leader.get('/api/v1/households?limit=500')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(allHouseholds.length);
    const ids = new Set(mine.items.map((h: THouseholdSummary) => h.id));
    const theirResidents = (await leader.get('/api/v1/residents?limit=500')).json();
    expect(theirResidents.items.every((r: TResidentRow) => ids.has(r.householdId))).toBe(true);
    expect(theirResidents.total).toBe(allResidents.filter((r) => ids.has(r.householdId)).length);
    const pm = (await partyMember.get('/api/v1/residents?limit=500')).json();
    expect(pm.total).toBeLessThan(allResidents.length);
    // Nobody's list carries ID numbers.
    expect(JSON.stringify(allResidents)).not.toMatch(/idNumber/);
  });

  it('exports exactly what the table shows, with ID numbers audited, and only for roles that may export', async () => {
    const buildingId = (await worker.get('/api/v1/buildings')).json().items[0].id as string;
    const shown = (await worker.get(`/api/v1/residents?limit=500&buildingId=${buildingId}&sort=-age`)).json();
    const audits = () =>
      t.database.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'read.sensitive')
        .where('field_class', '=', 'identity')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const before = await audits();
    const res = await worker.get(
      `/api/v1/residents/export?buildingId=${buildingId}&sort=-age&columns=name,address,age,idNumber`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetOf(res.rawPayload);
    expect(rows[0]).toEqual(['姓名', '门牌', '年龄', '身份证号']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(shown.items.map((r: TResidentRow) => r.name));
    const withId = rows.slice(1).filter((r) => r[3]).length;
    expect(withId).toBeGreaterThan(0);
    expect(await audits()).toBe(before + withId);

    const households = await worker.get('/api/v1/households/export?hasLeader=no&columns=address,hasLeader', {
      'accept-language': 'en',
    });
    expect(households.statusCode).toBe(200);
    const hRows = await sheetOf(households.rawPayload);
    expect(hRows[0]).toEqual(['Address', 'Building leader']);
    const home = (await worker.get('/api/v1/home')).json();
    expect(hRows.length - 1).toBe(home.withoutBuildingLeader);
    expect(hRows.slice(1).every((r) => r[1] === 'No')).toBe(true);

    // A building leader exports nothing; an unknown column is refused.
    expect((await leader.get('/api/v1/residents/export')).statusCode).toBe(403);
    expect((await worker.get('/api/v1/residents/export?columns=name,salary')).statusCode).toBe(400);
  });

  it('leaves the ID numbers out of the subdistrict’s export only if its role may not see them', async () => {
    const subdistrict = await signIn(t.app, 'subdistrict');
    const res = await subdistrict.get('/api/v1/residents/export?columns=name,idNumber');
    expect(res.statusCode).toBe(200);
    const rows = await sheetOf(res.rawPayload);
    // The subdistrict may see identity (ARCHITECTURE "Who sees what"): the column is there.
    expect(rows[0]).toEqual(['姓名', '身份证号']);
    const others = (await subdistrict.get('/api/v1/residents?limit=1')).json();
    expect(rows.length - 1).toBe(others.total);
  });
});
