import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAuditEvents } from '../../src/server/audit/audit.repository';
import { DEFAULT_THROTTLE } from '../../src/server/auth/throttle';
import { resetUserPassword } from '../../src/server/users/users.usecases';
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
      preferences: { elderMode: false, textStep: 1, elderOffered: false },
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

  it('slows guesses at an account with a growing wait instead of locking it, and a new password ends the wait', async () => {
    for (let i = 0; i < 5; i++) expect((await login('volunteer', `wrong-${i}`)).statusCode).toBe(401);
    const waiting = await login('volunteer', 'linli-demo');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().error).toEqual({
      code: 'auth.too_many_attempts',
      message: '登录尝试太多，请等 1 秒再试。',
    });
    expect(waiting.headers['retry-after']).toBe('1');
    t.clock.advanceMinutes(1 / 60);
    expect((await login('volunteer', 'wrong-5')).statusCode).toBe(401);
    expect((await login('volunteer', 'linli-demo')).headers['retry-after']).toBe('2');
    await resetUserPassword({ db: t.database.db, clock: t.clock }, 'volunteer', 'a-new-password');
    expect((await login('volunteer', 'a-new-password')).statusCode).toBe(200);
    await resetUserPassword({ db: t.database.db, clock: t.clock }, 'volunteer', 'linli-demo');
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

/** With the waits as deployed: per address too. Each caller comes from an address of its own. */
describe.each(DIALECTS)('sign-in waits on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { throttle: DEFAULT_THROTTLE });
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress,
    });

  /** Tries until it is not told to wait, waiting as told; returns the answer and the seconds waited. */
  async function loginWaiting(username: string, password: string, remoteAddress: string) {
    let waited = 0;
    for (;;) {
      const res = await login(username, password, remoteAddress);
      if (res.statusCode !== 429) return { res, waited };
      expect(res.json().error.code).toBe('auth.too_many_attempts');
      const seconds = Number(res.headers['retry-after']);
      expect(seconds).toBeGreaterThan(0);
      waited += seconds;
      t.clock.advanceMinutes(seconds / 60);
    }
  }

  it('lets the owner in from another address after 50 wrong passwords by a stranger, once a short wait is over', async () => {
    let strangerWait = 0;
    for (let i = 0; i < 50; i++) {
      const { res, waited } = await loginWaiting('committee', `guess-${i}`, '203.0.113.66');
      expect(res.statusCode).toBe(401);
      strangerWait = Math.max(strangerWait, waited);
    }
    // The one guessing waits longest: the address's ceiling, not the account's.
    expect(strangerWait).toBeGreaterThan(DEFAULT_THROTTLE.account.maxWaitSeconds);
    const first = await login('committee', 'linli-demo', '198.51.100.20');
    expect(first.statusCode).toBe(429);
    const { res, waited } = await loginWaiting('committee', 'linli-demo', '198.51.100.20');
    expect(res.statusCode).toBe(200);
    expect(waited).toBeLessThanOrEqual(DEFAULT_THROTTLE.account.maxWaitSeconds);
  });

  it('answers a name that exists and one that does not alike, at every step, in about the same time', async () => {
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let step = 0; step < 12; step++) {
      const started = performance.now();
      const known = await login('groupleader', `wrong-${step}`, '192.0.2.1');
      times.known.push(performance.now() - started);
      const between = performance.now();
      const unknown = await login('nobody-by-this-name', `wrong-${step}`, '192.0.2.2');
      times.unknown.push(performance.now() - between);
      expect([unknown.statusCode, unknown.body, unknown.headers['retry-after']], `step ${step}`).toEqual([
        known.statusCode,
        known.body,
        known.headers['retry-after'],
      ]);
      if (step % 3 === 2) t.clock.advanceMinutes(1 / 60);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ratio = median(times.known) / median(times.unknown);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });
});
