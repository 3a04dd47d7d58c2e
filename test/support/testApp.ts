import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app';
import { hashPassword } from '../../src/server/auth/password';
import { type Config, configFromEnv } from '../../src/server/config';
import type { DialectName } from '../../src/server/db/database';
import { type DemoSeed, seedDemo } from '../../src/server/seed/demo';
import { type CommunityShape, DEMO_PASSWORD, seedCommunity } from '../../src/server/seed/demoCommunity';
import type { Role } from '../../src/shared/roles';
import { createTestDatabase, type TestDatabase } from './testDatabase';

/** Small enough to seed in well under a second, big enough for two branches with siblings at every tier. */
export const TEST_SHAPE: CommunityShape = {
  buildings: 8,
  entrancesPerBuilding: 3,
  floors: [2, 2],
  flatsPerFloor: 1,
  occupancy: 1,
};

/** A clock the test moves by hand. */
/** The seeded account of each role in the first community, as the scope tables sign in. */
export const ACCOUNTS: Record<Role, string> = {
  admin: 'admin',
  subdistrict: 'subdistrict',
  worker: 'worker',
  committee: 'committee',
  branch: 'branch',
  group_leader: 'groupleader',
  party_member: 'partymember',
  building_leader: 'buildingleader',
  volunteer: 'volunteer',
};

export function manualClock(start = new Date('2026-11-29T02:00:00Z')) {
  let now = start;
  const clock = () => now;
  return Object.assign(clock, {
    advanceMinutes: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  });
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  seed: DemoSeed;
  /** A community in another subdistrict (accounts `far.*`), outside everyone's scope but its own. */
  farCommunityId: string;
  clock: ReturnType<typeof manualClock>;
  close(): Promise<void>;
}

/** The real app on a real, freshly seeded database with two communities (the second's accounts are `c2.*`). */
export async function createTestApp(dialect: DialectName, config: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const clock = manualClock();
  const seed = await seedDemo(database.db, clock, { shape: TEST_SHAPE, extraCommunities: 1 });
  const farSubdistrictId = randomUUID();
  await database.db
    .insertInto('subdistrict')
    .values({ id: farSubdistrictId, name: '远方街道', district: '别区', created_at: clock().toISOString() })
    .execute();
  const far = await seedCommunity(database.db, clock, {
    subdistrictId: farSubdistrictId,
    name: '远方社区',
    shape: TEST_SHAPE,
    seed: 99,
    usernamePrefix: 'far.',
    passwordHash: await hashPassword(DEMO_PASSWORD),
    committeeDisplayName: '远书记',
  });
  const app = await buildApp({
    database,
    clock,
    // Every test signs in from the same address: only the account's waits are left to test.
    config: configFromEnv(
      { LINLI_SIGNIN_ADDRESS_FREE_FAILURES: '1000' },
      { dataDir: database.dataDir, ...config },
    ),
    logger: false,
    webDir: null,
  });
  return {
    app,
    database,
    seed,
    farCommunityId: far.communityId,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${username} answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'linli_session');
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  const cookieHeader = `linli_session=${cookie.value}`;
  return {
    cookie: cookieHeader,
    csrfToken,
    get: (url, headers = {}) =>
      app.inject({ method: 'GET', url, headers: { cookie: cookieHeader, ...headers } }),
    post: (url, payload = {}, headers = {}) =>
      app.inject({
        method: 'POST',
        url,
        payload: payload as Record<string, unknown>,
        headers: { cookie: cookieHeader, 'x-csrf-token': csrfToken, ...headers },
      }),
  };
}
