import { type Kysely, sql } from 'kysely';
import type { TCarer, TResidentRef } from '../../shared/contracts/careKeysMoney';
import type { FieldClass } from '../../shared/fieldClasses';
import type { Tier } from '../../shared/roles';
import { type AuditEntry, appendAudit, byActor } from '../audit/audit.repository';
import type { Actor } from '../auth/actor';
import type { AccessContext } from '../auth/permissions';
import type { Scope } from '../auth/scope';
import { householdInScope } from '../auth/scope.repository';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';

/**
 * What keys, errands and the money ledger share: who may see a record (workers and the committee of
 * its community; a chain role only through its own position: the holder, the doer, the handler), the
 * resident it is about, the carer who holds or does it, and the audit entry for each read.
 */

/** Workers and the committee see every such record of their community. */
export function seesCommunityWide(scope: Scope): boolean {
  return (scope.role === 'worker' || scope.role === 'committee') && scope.householdIds === null;
}

/**
 * The SQL filter for a table with `community_id` and a carer position column: community-wide for
 * workers and the committee, otherwise only rows whose carer is one of the caller's own positions.
 */
export function carerVisible(
  table: 'care_key' | 'care_errand' | 'care_money_account',
  positionColumn: 'holder_position_id' | 'doer_position_id' | 'handler_position_id',
  scope: Scope,
) {
  if (scope.communityIds.length === 0) return sql<boolean>`1 = 0`;
  const inCommunity = sql`${sql.ref(`${table}.community_id`)} in (${sql.join(scope.communityIds)})`;
  if (seesCommunityWide(scope)) return sql<boolean>`${inCommunity}`;
  if (scope.positionIds.size === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`${inCommunity} and ${sql.ref(`${table}.${positionColumn}`)} in (${sql.join([...scope.positionIds])})`;
}

/** Whether the caller may see or act on a record carried by `positionId` in `communityId`. */
export function mayCarry(scope: Scope, communityId: string, positionId: string | null): boolean {
  if (!scope.communityIds.includes(communityId)) return false;
  if (seesCommunityWide(scope)) return true;
  return positionId !== null && scope.positionIds.has(positionId);
}

export interface ResidentInfo extends TResidentRef {
  communityId: string;
}

function residentQuery(db: Kysely<DB>) {
  return db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'resident.id as residentId',
      'resident.household_id as householdId',
      'resident.community_id as communityId',
      'resident.name as name',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ]);
}

type ResidentRow = {
  residentId: string;
  householdId: string;
  communityId: string;
  name: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
};

function toInfo(r: ResidentRow): ResidentInfo {
  return {
    residentId: r.residentId,
    householdId: r.householdId,
    communityId: r.communityId,
    name: r.name,
    address: {
      buildingNumber: r.buildingNumber,
      entranceNumber: r.entranceNumber,
      floor: r.floor,
      room: r.room,
      label: `${r.buildingNumber}-${r.entranceNumber}-${r.room}`,
    },
  };
}

/** A present resident whose household is in the caller's scope. */
export async function residentInScope(
  db: Kysely<DB>,
  scope: Scope,
  residentId: string,
): Promise<ResidentInfo | undefined> {
  const row = await residentQuery(db)
    .where('resident.id', '=', residentId)
    .where('resident.moved_out_at', 'is', null)
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope))
    .executeTakeFirst();
  return row ? toInfo(row) : undefined;
}

/** Residents by id, whatever the scope: the records naming them were already checked. */
export async function residentsById(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, ResidentInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await residentQuery(db)
    .where('resident.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.residentId, toInfo(r)]));
}

export function refOf(info: ResidentInfo): TResidentRef {
  return {
    residentId: info.residentId,
    householdId: info.householdId,
    name: info.name,
    address: info.address,
  };
}

export interface CarerColumns {
  positionId: string | null;
  name: string | null;
  phone: string | null;
}

/**
 * Checks a carer given as input: a position must be held today in the resident's community; a person
 * outside the chain is kept by name and phone.
 */
export async function resolveCarer(
  db: Kysely<DB>,
  communityId: string,
  input: { positionId?: string | undefined; name?: string | undefined; phone?: string | undefined },
  today: string,
  field: string,
): Promise<CarerColumns> {
  if (input.positionId) {
    const position = await db
      .selectFrom('liaison_position')
      .select('id')
      .where('id', '=', input.positionId)
      .where('community_id', '=', communityId)
      .where('valid_from', '<=', today)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', today)]))
      .executeTakeFirst();
    if (!position) throw new AppError('care.position_not_found', {}, `${field}.positionId`);
    return { positionId: position.id, name: null, phone: null };
  }
  return { positionId: null, name: input.name ?? null, phone: input.phone ?? null };
}

/** Carers for presenting: positions looked up in one query. */
export async function presentCarers(
  db: Kysely<DB>,
  carers: readonly CarerColumns[],
): Promise<(c: CarerColumns) => TCarer> {
  const ids = [...new Set(carers.map((c) => c.positionId).filter((id): id is string => id !== null))];
  const positions =
    ids.length === 0
      ? []
      : await db
          .selectFrom('liaison_position')
          .select(['id', 'tier', 'person_name', 'phone'])
          .where('id', 'in', ids)
          .execute();
  const byId = new Map(positions.map((p) => [p.id, p]));
  return (c) => {
    const position = c.positionId ? byId.get(c.positionId) : undefined;
    if (position) {
      return {
        positionId: position.id,
        tier: position.tier as Tier,
        name: position.person_name,
        phone: position.phone,
      };
    }
    return { positionId: c.positionId, tier: null, name: c.name ?? '', phone: c.phone };
  };
}

/** Display names of the accounts that recorded something. */
export async function userNames(
  db: Kysely<DB>,
  ids: readonly (string | null)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('user_account')
    .select(['id', 'display_name'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** One audit entry per sensitive record read: who, which resident, which class, never the value. */
export function sensitiveRead(
  actor: Actor,
  record: { type: string; id: string; residentId: string; communityId: string },
  fieldClass: Extract<FieldClass, 'keys' | 'finance'>,
  purpose?: string,
): AuditEntry {
  return byActor(actor, {
    action: 'read.sensitive',
    targetType: record.type,
    targetId: record.id,
    residentId: record.residentId,
    communityId: record.communityId,
    fieldClass,
    purpose: purpose ?? null,
  });
}

/** Records, in one transaction, that the caller read these records of one sensitive class. */
export async function auditSensitiveReads(
  ctx: AccessContext,
  type: string,
  rows: readonly { id: string; resident_id: string; community_id: string }[],
  fieldClass: Extract<FieldClass, 'keys' | 'finance'>,
): Promise<void> {
  await ctx.db.transaction().execute((trx) =>
    appendAudit(
      trx,
      ctx.clock(),
      rows.map((r) =>
        sensitiveRead(
          ctx.actor,
          { type, id: r.id, residentId: r.resident_id, communityId: r.community_id },
          fieldClass,
        ),
      ),
    ),
  );
}
