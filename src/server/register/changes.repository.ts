import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RegisterChangeAction, RegisterChangeField } from '../../shared/contracts/register';
import type { DB } from '../db/schema';

export interface FieldChange {
  /** One of `REGISTER_CHANGE_FIELDS`: a new field needs words in the web app first. */
  field: RegisterChangeField;
  from: string | null;
  to: string | null;
}

/** Fields whose values never enter the history: the history says they changed, not to what. */
const REDACTED_FIELDS = new Set(['idNumber', 'id_number']);

export function redactChanges(changes: readonly FieldChange[]): FieldChange[] {
  return changes.map((c) =>
    REDACTED_FIELDS.has(c.field)
      ? { field: c.field, from: c.from === null ? null : '•••', to: c.to === null ? null : '•••' }
      : c,
  );
}

export interface RegisterChange {
  at: string;
  actorUserId: string | null;
  communityId: string;
  householdId: string | null;
  residentId: string | null;
  /** One of `REGISTER_CHANGE_ACTIONS`: a new kind needs words in the web app first. */
  action: RegisterChangeAction;
  changes: readonly FieldChange[];
}

/** Every change to a household or resident is kept, in the transaction of the change itself. */
export async function recordRegisterChanges(
  trx: Kysely<DB>,
  entries: readonly RegisterChange[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    id: randomUUID(),
    at: e.at,
    actor_user_id: e.actorUserId,
    community_id: e.communityId,
    household_id: e.householdId,
    resident_id: e.residentId,
    action: e.action,
    changes: JSON.stringify(redactChanges(e.changes)),
  }));
  for (let i = 0; i < rows.length; i += 300) {
    await trx
      .insertInto('register_change')
      .values(rows.slice(i, i + 300))
      .execute();
  }
}
