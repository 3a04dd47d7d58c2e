import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import {
  type CommunityShape,
  DEMO_PASSWORD,
  DEMO_SHAPE,
  type SeededUser,
  seedCommunity,
} from './demoCommunity';

export interface DemoSeed {
  subdistrictId: string;
  communityIds: string[];
  users: SeededUser[];
}

export interface DemoOptions {
  shape?: CommunityShape;
  /** Further communities in the same subdistrict, their accounts prefixed `c2.`, `c3.` … (tests use them). */
  extraCommunities?: number;
}

/** The demo: a subdistrict with the 幸福里 community, plus the system's administrator and a subdistrict account. */
export async function seedDemo(db: Kysely<DB>, clock: Clock, options: DemoOptions = {}): Promise<DemoSeed> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const nowIso = clock().toISOString();
  const subdistrictId = randomUUID();
  await db
    .insertInto('subdistrict')
    .values({ id: subdistrictId, name: '和平街道', district: '示范区', created_at: nowIso })
    .execute();

  const users: SeededUser[] = [];
  const systemUser = async (role: 'admin' | 'subdistrict', username: string, displayName: string) => {
    const id = randomUUID();
    await db
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
  };
  await systemUser('admin', 'admin', '系统管理员');
  await systemUser('subdistrict', 'subdistrict', '街道刘主任');

  const communityIds: string[] = [];
  const names = ['幸福里社区', '和睦园社区', '安康苑社区', '春晖里社区'];
  for (let i = 0; i <= (options.extraCommunities ?? 0); i++) {
    const community = await seedCommunity(db, clock, {
      subdistrictId,
      name: names[i % names.length] ?? `社区${i + 1}`,
      shape: options.shape ?? DEMO_SHAPE,
      seed: 20_261_129 + i,
      usernamePrefix: i === 0 ? '' : `c${i + 1}.`,
      passwordHash,
      committeeDisplayName: i === 0 ? '王书记' : `${'李赵孙周'[i % 4]}书记`,
    });
    communityIds.push(community.communityId);
    users.push(...community.users);
  }
  return { subdistrictId, communityIds, users };
}

/** Seeds the demo on a database that has no community yet; answers whether it did. */
export async function seedDemoIfEmpty(db: Kysely<DB>, clock: Clock): Promise<boolean> {
  const existing = await db.selectFrom('community').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedDemo(db, clock);
  return true;
}
