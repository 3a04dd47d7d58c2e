import type { Kysely } from 'kysely';
import type { Role } from '../../shared/roles';
import type { DB, UserAccountTable } from '../db/schema';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  communityId: string | null;
  subdistrictId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
}

function toUser(row: Omit<UserAccountTable, 'password_hash' | 'created_at'>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    communityId: row.community_id,
    subdistrictId: row.subdistrict_id,
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
  };
}

const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'community_id',
  'subdistrict_id',
  'disabled',
  'locked_until',
] as const;

export async function findUserForLogin(db: Kysely<DB>, username: string) {
  const row = await db
    .selectFrom('user_account')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('username', '=', username)
    .executeTakeFirst();
  return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function findUserById(db: Kysely<DB>, id: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom('user_account')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Kysely<DB>): Promise<UserRecord[]> {
  const rows = await db.selectFrom('user_account').select(USER_COLUMNS).orderBy('username').execute();
  return rows.map(toUser);
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  communityId: string | null;
  subdistrictId: string | null;
  createdAt: string;
}

export async function insertUser(db: Kysely<DB>, user: NewUser): Promise<void> {
  await db
    .insertInto('user_account')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      password_hash: user.passwordHash,
      community_id: user.communityId,
      subdistrict_id: user.subdistrictId,
      disabled: 0,
      locked_until: null,
      created_at: user.createdAt,
    })
    .execute();
}

export async function setPassword(db: Kysely<DB>, username: string, passwordHash: string): Promise<boolean> {
  const result = await db
    .updateTable('user_account')
    .set({ password_hash: passwordHash, locked_until: null })
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
