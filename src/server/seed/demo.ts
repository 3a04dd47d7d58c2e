import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import {
  type CommunityShape,
  DEMO_PASSWORD,
  DEMO_SHAPE,
  type SeededUser,
  seedCommunity,
} from './demoCommunity';
import { seedHistory } from './history';
import { inlineTransactions } from './inlineTransactions';

export interface DemoSeed {
  subdistrictId: string;
  communityIds: string[];
  users: SeededUser[];
}

export interface DemoOptions {
  shape?: CommunityShape;
  /** Further communities in the same subdistrict, their accounts prefixed `c2.`, `c3.` … (tests use them). */
  extraCommunities?: number;
  /** Months of lived history before the clock's now, in every community seeded (0: the register alone). */
  historyMonths?: number;
  /**
   * Adds one community of this name to an already seeded database, beside the first subdistrict's
   * others, its accounts prefixed `cN.` (N its number there); on an empty one, names the first community.
   */
  communityName?: string;
  /** Called when each community's register and chain, then its history, are written; a throw undoes all. */
  onProgress?: (step: 'register' | 'history', community: string) => void | Promise<void>;
}

/** The history `npm start` and `linli seed-demo` give the demo: about a quarter of a year. */
export const DEMO_HISTORY_MONTHS = 3;

const COMMUNITY_NAMES = ['幸福里社区', '和睦园社区', '安康苑社区', '春晖里社区'];
const FIRST_SEED = 20_261_129;

/**
 * The demo: a subdistrict with the 幸福里 community, the system's administrator and a subdistrict
 * account, and with `historyMonths` of lived history. One transaction: a failure leaves nothing.
 */
export async function seedDemo(db: Kysely<DB>, clock: Clock, options: DemoOptions = {}): Promise<DemoSeed> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const tx = inlineTransactions(trx);
    const existing = await tx
      .selectFrom('community')
      .select('subdistrict_id')
      .orderBy('created_at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (existing && options.communityName === undefined) throw new AppError('seed.already_seeded');
    const seeding = { db: tx, clock, options, passwordHash };
    if (existing) return addCommunity(seeding, existing.subdistrict_id, options.communityName as string);

    const nowIso = clock().toISOString();
    const subdistrictId = randomUUID();
    await tx
      .insertInto('subdistrict')
      .values({ id: subdistrictId, name: '和平街道', district: '示范区', created_at: nowIso })
      .execute();
    const users: SeededUser[] = [];
    for (const [role, username, displayName] of [
      ['admin', 'admin', '系统管理员'],
      ['subdistrict', 'subdistrict', '街道刘主任'],
    ] as const) {
      const id = randomUUID();
      await tx
        .insertInto('user_account')
        .values({
          id,
          username,
          display_name: displayName,
          role,
          password_hash: passwordHash,
          community_id: null,
          subdistrict_id: role === 'subdistrict' ? subdistrictId : null,
          disabled: 0,
          locked_until: null,
          created_at: nowIso,
        })
        .execute();
      users.push({ id, username, displayName, role });
    }
    const communityIds: string[] = [];
    for (let i = 0; i <= (options.extraCommunities ?? 0); i++) {
      const name = i === 0 && options.communityName ? options.communityName : undefined;
      const community = await communityWithHistory(seeding, subdistrictId, i, name);
      communityIds.push(community.communityId);
      users.push(...community.users);
    }
    return { subdistrictId, communityIds, users };
  });
}

interface Seeding {
  db: Kysely<DB>;
  clock: Clock;
  options: DemoOptions;
  passwordHash: string;
}

/** The `index`-th demo community (0 the first), its accounts prefixed `c{index+1}.` after the first. */
async function communityWithHistory(seeding: Seeding, subdistrictId: string, index: number, name?: string) {
  const { db, clock, options } = seeding;
  const seed = FIRST_SEED + index;
  const community = await seedCommunity(db, clock, {
    subdistrictId,
    name: name ?? COMMUNITY_NAMES[index % COMMUNITY_NAMES.length] ?? `社区${index + 1}`,
    shape: options.shape ?? DEMO_SHAPE,
    seed,
    usernamePrefix: index === 0 ? '' : `c${index + 1}.`,
    passwordHash: seeding.passwordHash,
    committeeDisplayName: index === 0 ? '王书记' : `${'李赵孙周'[index % 4]}书记`,
  });
  await options.onProgress?.('register', community.communityId);
  await seedHistory(db, community, clock(), { months: options.historyMonths ?? 0, seed });
  await options.onProgress?.('history', community.communityId);
  return community;
}

/** A further community beside the subdistrict's others, numbered after every community already there. */
async function addCommunity(seeding: Seeding, subdistrictId: string, name: string): Promise<DemoSeed> {
  const { count } = await seeding.db
    .selectFrom('community')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  let index = Number(count);
  // A prefix taken by an account (one created by hand, say) moves the new community's number on.
  while (
    await seeding.db
      .selectFrom('user_account')
      .select('id')
      .where('username', '=', `c${index + 1}.committee`)
      .executeTakeFirst()
  ) {
    index++;
  }
  const community = await communityWithHistory(seeding, subdistrictId, index, name);
  return { subdistrictId, communityIds: [community.communityId], users: community.users };
}

/** Seeds the demo on a database that has no community yet; answers whether it did. */
export async function seedDemoIfEmpty(
  db: Kysely<DB>,
  clock: Clock,
  options: Pick<DemoOptions, 'historyMonths'> = {},
): Promise<boolean> {
  const existing = await db.selectFrom('community').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemo(db, clock, options);
  return true;
}
