import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TUserAccount } from '../../shared/contracts/users';
import type { Role } from '../../shared/roles';
import { appendAudit } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import { forgetFailures } from '../auth/loginAttempts.repository';
import { hashPassword } from '../auth/password';
import { requirePermission } from '../auth/permissions';
import { revokeSessionsOfUser } from '../auth/sessions.repository';
import {
  findUserForLogin,
  insertUser,
  listUsers,
  setPassword,
  type UserRecord,
} from '../auth/users.repository';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';

function presentUser(u: UserRecord): TUserAccount {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    communityId: u.communityId,
    disabled: u.disabled,
  };
}

export async function listUserAccounts(ctx: { db: Kysely<DB>; clock: Clock; actor: Actor }) {
  await requirePermission(ctx, 'users.manage');
  return { items: (await listUsers(ctx.db)).map(presentUser) };
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  communityId?: string | null;
  subdistrictId?: string | null;
}

/** Used by the `linli user add` command, which runs with the machine owner's authority. */
export async function createUserAccount(
  deps: { db: Kysely<DB>; clock: Clock },
  input: NewAccount,
): Promise<string> {
  if (await findUserForLogin(deps.db, input.username)) throw new AppError('users.username_taken');
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await insertUser(trx, {
      id,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      passwordHash,
      communityId: input.communityId ?? null,
      subdistrictId: input.subdistrictId ?? null,
      createdAt: now.toISOString(),
    });
    await appendAudit(trx, now, [
      {
        action: 'users.create',
        outcome: 'success',
        targetType: 'user',
        targetId: id,
        detail: { via: 'cli' },
      },
    ]);
  });
  return id;
}

/** Resets a password, unlocks the account and ends its sessions. */
export async function resetUserPassword(
  deps: { db: Kysely<DB>; clock: Clock },
  username: string,
  password: string,
): Promise<boolean> {
  const found = await findUserForLogin(deps.db, username);
  if (!found) return false;
  const passwordHash = await hashPassword(password);
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    await setPassword(trx, username, passwordHash);
    await forgetFailures(trx, username);
    await revokeSessionsOfUser(trx, found.user.id, now.toISOString());
    await appendAudit(trx, now, [
      {
        action: 'users.reset_password',
        outcome: 'success',
        targetType: 'user',
        targetId: found.user.id,
        detail: { via: 'cli' },
      },
    ]);
  });
  return true;
}
