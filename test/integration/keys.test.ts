import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careFixtures } from '../support/keysMoneyFixtures';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('door keys on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let leader: SignedIn;
  let party: SignedIn;
  let subdistrict: SignedIn;
  let f: Awaited<ReturnType<typeof careFixtures>>;
  let keyId: string;

  const audits = (action: string, fieldClass?: string) =>
    t.database.db
      .selectFrom('audit_event')
      .select(['resident_id', 'field_class', 'target_id', 'actor_role', 'detail'])
      .where('action', '=', action)
      .$if(fieldClass !== undefined, (q) => q.where('field_class', '=', fieldClass as string))
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    [worker, leader, party, subdistrict] = await Promise.all([
      signIn(t.app, 'worker'),
      signIn(t.app, 'buildingleader'),
      signIn(t.app, 'partymember'),
      signIn(t.app, 'subdistrict'),
    ]);
    f = await careFixtures(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a worker registers the key with the consent; verbal consent needs a witness', async () => {
    const noWitness = await worker.post('/api/v1/care/keys', {
      residentId: f.residentId,
      holder: { positionId: f.leaderPositionId },
      heldSince: '2026-02-01',
      consent: { date: '2026-02-01', form: 'verbal' },
    });
    expect(noWitness.statusCode).toBe(400);
    expect(noWitness.json().error.code).toBe('care.consent_witness_required');
    const res = await worker.post('/api/v1/care/keys', {
      residentId: f.residentId,
      holder: { positionId: f.leaderPositionId },
      heldSince: '2026-02-01',
      consent: { date: '2026-02-01', form: 'verbal', witness: '李社工' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const key = res.json();
    keyId = key.id;
    expect(key.holder.positionId).toBe(f.leaderPositionId);
    expect(key.consent).toEqual({ date: '2026-02-01', form: 'verbal', witness: '李社工' });
    expect(key.returned).toBeNull();
    expect((await audits('care.key_register')).length).toBe(1);
  });

  it('the holder sees it, each read audited with resident and class and never the value', async () => {
    const before = (await audits('read.sensitive', 'keys')).length;
    const res = await leader.get(`/api/v1/care/keys/${keyId}`);
    expect(res.statusCode).toBe(200);
    const after = await audits('read.sensitive', 'keys');
    expect(after.length).toBe(before + 1);
    const last = after.at(-1);
    expect(last?.resident_id).toBe(f.residentId);
    expect(last?.target_id).toBe(keyId);
    expect(JSON.stringify(last)).not.toContain('李社工');
    const list = await leader.get('/api/v1/care/keys');
    expect(list.json().items.map((k: { id: string }) => k.id)).toEqual([keyId]);
    expect((await audits('read.sensitive', 'keys')).length).toBe(before + 2);
  });

  it('the party member above the holder, and the subdistrict, do not see it', async () => {
    const above = await party.get(`/api/v1/care/keys/${keyId}`);
    expect(above.statusCode).toBe(404);
    expect(above.json().error.code).toBe('care.key_not_found');
    expect((await party.get('/api/v1/care/keys')).json().items).toEqual([]);
    expect((await subdistrict.get(`/api/v1/care/keys/${keyId}`)).statusCode).toBe(403);
    // The household record shows no key data to anyone.
    const household = await leader.get(
      `/api/v1/households/${(await t.database.db.selectFrom('care_key').select('household_id').where('id', '=', keyId).executeTakeFirstOrThrow()).household_id}`,
    );
    expect(household.body).not.toMatch(/holder|consent/);
  });

  it('the holder records a use: when, why, who was present; it is in the audit trail', async () => {
    const res = await leader.post(`/api/v1/care/keys/${keyId}/uses`, {
      reason: '电话打不通，开门查看',
      present: '张阿姨、邻居王大爷',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().uses).toHaveLength(1);
    expect(res.json().uses[0]).toMatchObject({
      reason: '电话打不通，开门查看',
      present: '张阿姨、邻居王大爷',
    });
    const uses = await audits('care.key_use');
    expect(uses).toHaveLength(1);
    expect(uses[0]?.resident_id).toBe(f.residentId);
    expect(uses[0]?.detail ?? '').not.toContain('电话');
    expect(
      (await party.post(`/api/v1/care/keys/${keyId}/uses`, { reason: 'x', present: 'y' })).statusCode,
    ).toBe(404);
  });

  it('a use cannot be changed: the database refuses it', async () => {
    await expect(sql`UPDATE care_key_use SET reason = 'changed'`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM care_key_use`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('the key is returned once; after that no use can be recorded; the history stays', async () => {
    const res = await leader.post(`/api/v1/care/keys/${keyId}/return`, {
      returnedTo: '曹奶奶本人',
      returnedOn: '2026-11-29',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().returned).toMatchObject({ on: '2026-11-29', to: '曹奶奶本人' });
    expect((await leader.post(`/api/v1/care/keys/${keyId}/return`, { returnedTo: 'x' })).statusCode).toBe(
      409,
    );
    const use = await leader.post(`/api/v1/care/keys/${keyId}/uses`, { reason: 'x', present: 'y' });
    expect(use.json().error.code).toBe('care.key_returned');
    expect((await worker.get('/api/v1/care/keys')).json().items).toEqual([]);
    const all = (await worker.get('/api/v1/care/keys?includeReturned=true')).json().items;
    expect(all).toHaveLength(1);
    expect(all[0].useCount).toBe(1);
    expect((await audits('care.key_return')).length).toBe(1);
  });

  it('a key held by a named neighbour is seen by workers only, not by the building leader', async () => {
    const res = await worker.post('/api/v1/care/keys', {
      residentId: f.otherOwnResidentId,
      holder: { name: '邻居王大爷', phone: '13800000000' },
      heldSince: '2026-03-01',
      consent: { date: '2026-03-01', form: 'written' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().holder).toMatchObject({ positionId: null, name: '邻居王大爷' });
    expect((await leader.get(`/api/v1/care/keys/${res.json().id}`)).statusCode).toBe(404);
    expect(
      (
        await leader.post('/api/v1/care/keys', {
          residentId: f.residentId,
          holder: { name: 'x' },
          heldSince: '2026-03-01',
          consent: { date: '2026-03-01', form: 'written' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
