import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database';
import { seedDataFolder, startServerProcess } from '../support/serverProcess';

const CYCLES = 4;
const CLIENTS = 4;

/**
 * Reports are sent without pause while the server is killed with SIGKILL and restarted. Afterwards every
 * report whose POST was answered with success is there exactly once, and no report is there twice.
 */
describe('a server killed while reports arrive', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-crash-'));
  const env = { LINLI_DATA_DIR: dataDir, DATABASE_URL: '' };
  let householdId: string;
  beforeAll(async () => {
    ({ householdId } = await seedDataFolder(dataDir));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged report exactly once', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const acknowledged = new Map<string, string>(); // idempotency key → report id
    const attempted = new Set<string>();
    let server = await startServerProcess(env, port);
    const signIn = async () => {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'buildingleader', password: 'linli-demo' }),
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    // Sessions live in the database: one sign-in carries the clients across every restart.
    const session = await signIn();
    let interrupted = 0;
    let running = true;
    const client = async () => {
      while (running) {
        const key = randomUUID();
        attempted.add(key);
        try {
          const res = await fetch(`${server.url}/api/v1/reports`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie: session.cookie,
              'x-csrf-token': session.csrf,
              'idempotency-key': key,
            },
            body: JSON.stringify({ householdId, category: 'repairs', description: `crash-test ${key}` }),
          });
          if (res.status === 200) acknowledged.set(key, ((await res.json()) as { id: string }).id);
        } catch {
          // The server died mid-request: the outcome is unknown, and may go either way.
          interrupted++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 500));
      await server.kill();
      server = await startServerProcess(env, port);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    running = false;
    await Promise.all(clients);
    await server.kill();

    const database = openDatabase({ dataDir });
    try {
      const rows = await database.db
        .selectFrom('report')
        .select(['id', 'description'])
        .where('description', 'like', 'crash-test %')
        .execute();
      const byDescription = new Map<string, number>();
      for (const row of rows)
        byDescription.set(row.description, (byDescription.get(row.description) ?? 0) + 1);
      expect([...byDescription.values()].filter((n) => n > 1)).toEqual([]);
      const ids = new Set(rows.map((r) => r.id));
      const lost = [...acknowledged.values()].filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(20);
      expect(rows.length).toBeLessThanOrEqual(attempted.size);
    } finally {
      await database.close();
    }
    // The kills really landed mid-traffic.
    expect(interrupted).toBeGreaterThan(0);
  });
});
