import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
}

describe.each(DIALECTS)('request hygiene on %s', (dialect) => {
  let t: TestApp;
  let worker: SignedIn;
  let household: { id: string; buildingId: string; entrance: string; room: string };
  let residentId: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    worker = await signIn(t.app, 'worker');
    const row = await t.database.db
      .selectFrom('household')
      .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
      .innerJoin('resident', 'resident.household_id', 'household.id')
      .where('household.community_id', '=', t.seed.communityIds[0] as string)
      .select([
        'household.id',
        'household.building_id',
        'household.room',
        'entrance.number',
        'resident.id as rid',
      ])
      .executeTakeFirstOrThrow();
    household = { id: row.id, buildingId: row.building_id, entrance: row.number, room: row.room };
    residentId = row.rid;
  });
  afterAll(async () => {
    await t.close();
  });

  const refusedNaming = (res: LightMyRequestResponse, field: string) => {
    expect(res.statusCode, res.body).toBe(400);
    const error = (res.json() as { error: { code: string; field?: string; message: string } }).error;
    expect(error.code).toBe('request.invalid');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  };

  describe('a NUL byte (U+0000) is 400 request.invalid naming the field, never a 500', () => {
    it('in the search query', async () => {
      refusedNaming(await worker.get('/api/v1/residents/search?q=%00'), 'q');
      refusedNaming(await worker.get('/api/v1/residents/search?q=%E5%BC%A0%00'), 'q');
    });

    it("in the public intake's room and description", async () => {
      const intake = (body: Record<string, unknown>) =>
        t.app.inject({
          method: 'POST',
          url: `/api/public/buildings/${household.buildingId}/reports`,
          remoteAddress: '203.0.113.9',
          payload: {
            category: 'repairs',
            entranceNumber: household.entrance,
            room: household.room,
            description: '楼道灯坏了',
            phone: '13800000000',
            ...body,
          },
        });
      refusedNaming(await intake({ room: '1\u00000' }), 'room');
      refusedNaming(await intake({ description: 'a\u0000b' }), 'description');
      const count = await t.database.db
        .selectFrom('report')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('in a staff report, an edit and a move-out, answered in English when asked', async () => {
      refusedNaming(
        await worker.post('/api/v1/reports', {
          category: 'repairs',
          householdId: household.id,
          description: '\u0000',
        }),
        'description',
      );
      refusedNaming(
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/residents/${residentId}`,
          payload: { phone: '1380000\u00000000' },
          headers: { cookie: worker.cookie, 'x-csrf-token': worker.csrfToken, 'accept-language': 'en' },
        }),
        'phone',
      );
      refusedNaming(
        await worker.post(`/api/v1/residents/${residentId}/move-out`, {
          date: '2026-11-29',
          reason: 'moved\u0000',
        }),
        'reason',
      );
      const english = await worker.get('/api/v1/residents/search?q=%00', { 'accept-language': 'en' });
      expect(english.json().error.message).toContain('NUL character');
    });

    it('in a path parameter', async () => {
      refusedNaming(await worker.get('/api/v1/households/%00'), 'id');
    });
  });

  describe('Cache-Control: no-store on every API answer', () => {
    it('on the household page and the register export, which carry personal data', async () => {
      const page = await worker.get(`/api/v1/households/${household.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toContain('no-store');
      const exported = await worker.get('/api/v1/register/export');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['cache-control']).toContain('no-store');
    });

    it('on every /api route of the OpenAPI document, whatever it answers', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDoc;
      const ids: Record<string, string> = {
        id: household.id,
        householdId: household.id,
        residentId,
        buildingId: household.buildingId,
        communityId: t.seed.communityIds[0] as string,
      };
      const anon = { cookie: '' };
      let walked = 0;
      for (const [template, methods] of Object.entries(doc.paths)) {
        if (!template.startsWith('/api/')) continue;
        const url = template.replace(/\{([^}]+)\}/g, (_, name: string) => ids[name] ?? household.id);
        for (const method of Object.keys(methods)) {
          // Reads as a worker (real answers, real data); writes unsigned, so the walk changes nothing.
          const res =
            method === 'get'
              ? await worker.get(url)
              : await t.app.inject({
                  method: method.toUpperCase() as 'POST',
                  url,
                  headers: anon,
                  payload: {},
                });
          expect(
            res.headers['cache-control'],
            `${method.toUpperCase()} ${template} → ${res.statusCode}`,
          ).toContain('no-store');
          walked++;
        }
      }
      expect(walked).toBeGreaterThan(100);
    });
  });
});
