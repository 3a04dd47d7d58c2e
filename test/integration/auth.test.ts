import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents } from '../../src/server/audit/audit.repository';
import { createTestApp, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

describe.each(DIALECTS)('sign-in and sessions on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string, lang = 'zh-CN') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      headers: { 'accept-language': lang },
    });

  it('signs in with the contract’s answer and a hardened cookie', async () => {
    const res = await login('committee', 'linli-demo');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({
      user: { id: expect.any(String), username: 'committee', displayName: '王书记', role: 'committee' },
      csrfToken: expect.any(String),
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/linli_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const row = await t.database.db
      .selectFrom('user_account')
      .select('password_hash')
      .where('username', '=', 'committee')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a wrong password in the caller’s language, and audits it', async () => {
    const before = await countAuditEvents(t.database.db, { action: 'auth.login' });
    const zh = await login('worker', 'wrong-password');
    expect(zh.statusCode).toBe(401);
    expect(zh.json()).toEqual({
      error: { code: 'auth.invalid_credentials', message: '用户名或密码不对，请再试一次。' },
    });
    const en = await login('nobody-at-all', 'wrong-password', 'en-US,en;q=0.9');
    expect(en.json().error.message).toBe('The username or password is wrong. Please try again.');
    expect(await countAuditEvents(t.database.db, { action: 'auth.login' })).toBe(before + 2);
  });

  it('locks an account after 10 failures in 15 minutes, even for the right password, then lets it in again', async () => {
    for (let i = 0; i < 9; i++) expect((await login('volunteer', `wrong-${i}`)).statusCode).toBe(401);
    const tenth = await login('volunteer', 'wrong-10');
    expect(tenth.statusCode).toBe(429);
    expect(tenth.json().error.code).toBe('auth.account_locked');
    expect(tenth.json().error.message).toContain('15 分钟');
    expect((await login('volunteer', 'linli-demo')).statusCode).toBe(429);
    t.clock.advanceMinutes(16);
    expect((await login('volunteer', 'linli-demo')).statusCode).toBe(200);
  });

  it('requires the CSRF token on state-changing requests', async () => {
    const s = await signIn(t.app, 'worker');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: {},
      headers: { cookie: s.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('auth.csrf_invalid');
    expect((await s.get('/api/v1/auth/me')).statusCode).toBe(200);
    const forged = await s.post('/api/v1/auth/logout', {}, { 'x-csrf-token': 'forged' });
    expect(forged.statusCode).toBe(403);
  });

  it('logout revokes the session', async () => {
    const s = await signIn(t.app, 'worker');
    expect((await s.post('/api/v1/auth/logout')).statusCode).toBe(200);
    const after = await s.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.not_signed_in');
  });

  it('shuts out a signed-in account at its next request once the account is disabled', async () => {
    const s = await signIn(t.app, 'far.worker');
    expect((await s.get('/api/v1/auth/me')).statusCode).toBe(200);
    // Straight to the database, as an owner would: the scope version's trigger must notice it too.
    await t.database.db
      .updateTable('user_account')
      .set({ disabled: 1 })
      .where('username', '=', 'far.worker')
      .execute();
    const after = await s.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.not_signed_in');
  });

  it('ends a session after 30 idle minutes, and keeps an active one alive', async () => {
    const idle = await signIn(t.app, 'worker');
    const active = await signIn(t.app, 'committee');
    for (let i = 0; i < 3; i++) {
      t.clock.advanceMinutes(20);
      expect((await active.get('/api/v1/auth/me')).statusCode).toBe(200);
    }
    expect((await idle.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('ends even an active session after 12 hours', async () => {
    const s = await signIn(t.app, 'worker');
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      t.clock.advanceMinutes(20);
      expect((await s.get('/api/v1/auth/me')).statusCode, `after ${minutes + 20} minutes`).toBe(200);
    }
    t.clock.advanceMinutes(25);
    expect((await s.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('answers health with the database in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: dialect, version: expect.any(String) });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
