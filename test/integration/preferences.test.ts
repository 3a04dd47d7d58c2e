import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('长辈模式 and text size, kept with the account, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const put = (s: SignedIn, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/me/preferences',
      payload: payload as object,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, ...headers },
    });

  it('starts from the ordinary look, not yet offered, in the session answer and on its own', async () => {
    const s = await signIn(t.app, 'buildingleader');
    const me = (await s.get('/api/v1/auth/me')).json();
    expect(me.preferences).toEqual({ elderMode: false, textStep: 1, elderOffered: false });
    expect((await s.get('/api/v1/auth/me/preferences')).json()).toEqual(me.preferences);
  });

  it('follows the person to another phone: a second sign-in gets what the first chose', async () => {
    const phone = await signIn(t.app, 'buildingleader');
    const chosen = { elderMode: true, textStep: 3, elderOffered: true };
    const res = await put(phone, chosen);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(chosen);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'buildingleader', password: 'linli-demo' },
    });
    expect(login.json().preferences).toEqual(chosen);
    const otherPhone = await signIn(t.app, 'buildingleader');
    expect((await otherPhone.get('/api/v1/auth/me')).json().preferences).toEqual(chosen);
    // Someone else's account is untouched.
    const worker = await signIn(t.app, 'worker');
    expect((await worker.get('/api/v1/auth/me/preferences')).json().elderMode).toBe(false);
  });

  it('takes a retried PUT once: one row, the same answer, its time not moved', async () => {
    const s = await signIn(t.app, 'partymember');
    const chosen = { elderMode: true, textStep: 2, elderOffered: true };
    const first = await put(s, chosen);
    const user = await t.database.db
      .selectFrom('user_account')
      .select('id')
      .where('username', '=', 'partymember')
      .executeTakeFirstOrThrow();
    const rowAfterFirst = await t.database.db
      .selectFrom('user_preference')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    t.clock.advanceMinutes(5);
    const again = await put(s, chosen);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const rows = await t.database.db
      .selectFrom('user_preference')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toEqual(rowAfterFirst);
    expect(rows).toHaveLength(1);
    // Turning it off is a change, and is kept.
    const off = await put(s, { ...chosen, elderMode: false });
    expect(off.json().elderMode).toBe(false);
    expect((await s.get('/api/v1/auth/me/preferences')).json()).toEqual({ ...chosen, elderMode: false });
  });

  it('refuses a bad text step, an unknown field or a missing one in the caller’s language, and keeps what was', async () => {
    const s = await signIn(t.app, 'groupleader');
    await put(s, { elderMode: true, textStep: 2, elderOffered: true });
    for (const bad of [
      { elderMode: true, textStep: 4, elderOffered: true },
      { elderMode: 'yes', textStep: 1, elderOffered: true },
      { elderMode: true, textStep: 1 },
      { elderMode: true, textStep: 1, elderOffered: true, theme: 'dark' },
    ]) {
      const zh = await put(s, bad);
      expect(zh.statusCode, JSON.stringify(bad)).toBe(400);
      expect(zh.json().error.code).toBe('request.invalid');
      expect(zh.json().error.message).toMatch(/^提交的内容有误/);
    }
    const en = await put(
      s,
      { elderMode: true, textStep: 0, elderOffered: true },
      { 'accept-language': 'en' },
    );
    expect(en.json().error).toMatchObject({ code: 'request.invalid', field: 'textStep' });
    expect(en.json().error.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect((await s.get('/api/v1/auth/me/preferences')).json()).toEqual({
      elderMode: true,
      textStep: 2,
      elderOffered: true,
    });
  });

  it('asks for a sign-in and the CSRF token', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me/preferences' });
    expect(anon.statusCode).toBe(401);
    const s = await signIn(t.app, 'volunteer');
    const noToken = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/auth/me/preferences',
      payload: { elderMode: true, textStep: 1, elderOffered: true },
      headers: { cookie: s.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect((await s.get('/api/v1/auth/me/preferences')).json().elderMode).toBe(false);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths['/api/v1/auth/me/preferences'] ?? {}).sort()).toEqual(['get', 'put']);
  });
});
