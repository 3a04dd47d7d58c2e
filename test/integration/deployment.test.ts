import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { configFromEnv } from '../../src/server/config';
import { DEMO_PASSWORD } from '../../src/server/seed/demoCommunity';
import { createTestApp, type TestApp } from '../support/testApp';
import { createTestDatabase, DIALECTS } from '../support/testDatabase';

const PROXY = '10.1.2.3';
const CLIENT = '198.51.100.7';

describe.each(DIALECTS)('behind a reverse proxy on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { trustProxy: ['10.0.0.0/8'] });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A sign-in the proxy forwards from CLIENT over HTTPS, arriving from `remoteAddress`. */
  const forwardedLogin = (username: string, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: DEMO_PASSWORD },
      remoteAddress,
      headers: { 'x-forwarded-for': CLIENT, 'x-forwarded-proto': 'https' },
    });

  const lastLoginIp = async () =>
    (
      await t.database.db
        .selectFrom('audit_event')
        .select('ip')
        .where('action', '=', 'auth.login')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow()
    ).ip;

  it('believes a trusted proxy: the cookie is Secure and the audit names the client’s address', async () => {
    const res = await forwardedLogin('worker', PROXY);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    expect(await lastLoginIp()).toBe(CLIENT);
  });

  it('believes no one else: the same headers from another address change nothing', async () => {
    const res = await forwardedLogin('worker', '203.0.113.9');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
    expect(await lastLoginIp()).toBe('203.0.113.9');
  });
});

describe('direct TLS', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-tls-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS from LINLI_TLS_CERT and LINLI_TLS_KEY, and the session cookie is Secure', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    fs.writeFileSync(path.join(dir, 'cert.pem'), pems.cert);
    fs.writeFileSync(path.join(dir, 'key.pem'), pems.private, { mode: 0o600 });
    const database = await createTestDatabase('sqlite');
    const { seedDemo } = await import('../../src/server/seed/demo');
    const { TEST_SHAPE } = await import('../support/testApp');
    await seedDemo(database.db, () => new Date(), { shape: TEST_SHAPE });
    const config = configFromEnv(
      { LINLI_TLS_CERT: path.join(dir, 'cert.pem'), LINLI_TLS_KEY: path.join(dir, 'key.pem') },
      { dataDir: database.dataDir },
    );
    const app = await buildApp({ database, clock: () => new Date(), config, logger: false, webDir: null });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      expect(address).toMatch(/^https:/);
      const answer = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const req = https.request(
          `${address}/api/v1/auth/login`,
          { method: 'POST', ca: pems.cert, headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, cookie: String(res.headers['set-cookie']) }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ username: 'worker', password: DEMO_PASSWORD }));
      });
      expect(answer.status).toBe(200);
      expect(answer.cookie).toMatch(/linli_session=.*; Secure/);
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('refuses a certificate without its key', async () => {
    const database = await createTestDatabase('sqlite', { migrate: false });
    try {
      const config = configFromEnv(
        { LINLI_TLS_CERT: path.join(dir, 'cert.pem') },
        { dataDir: database.dataDir },
      );
      await expect(
        buildApp({ database, clock: () => new Date(), config, logger: false, webDir: null }),
      ).rejects.toThrow(/LINLI_TLS_KEY/);
    } finally {
      await database.drop();
    }
  });
});

const run = promisify(execFile);

/** `linli serve` in its own process, as systemd would start it; resolves with its exit code. */
async function serve(env: Record<string, string>) {
  try {
    await run(process.execPath, [path.resolve('bin/linli.js'), 'serve', '--no-web', '--no-demo'], {
      env: { ...process.env, DATABASE_URL: '', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
      timeout: 120_000,
    });
    return { code: 0, stderr: '' };
  } catch (error) {
    const e = error as { code: number | string; stderr: string; killed?: boolean };
    return { code: e.killed ? 'timeout' : e.code, stderr: e.stderr };
  }
}

describe('linli serve on a fatal error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-serve-fatal-'));
  const env = { LINLI_DATA_DIR: path.join(dir, 'data') };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits non-zero when its port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await serve({ ...env, PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero when its database cannot be reached', async () => {
    const result = await serve({ ...env, PORT: '0', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not start');
  });
});
