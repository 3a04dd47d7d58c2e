import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { buildPicture } from '../../domain/register/buildingPicture';
import type { CareTag } from '../../shared/careTags';
import type {
  Lens,
  TBuildingList,
  TBuildingPicture,
  THouseholdInput,
  TMoveOut,
  TRegisterHistory,
  TResidentSearchResult,
  ZResidentInput,
  ZResidentPatch,
  ZResidentSearchQuery,
} from '../../shared/contracts/register';
import type { THousehold, TResident } from '../../shared/contracts/registry';
import { birthDateFromId } from '../../shared/idNumber';
import { appendAudit, byActor } from '../audit/audit.repository';
import { denyNotFound, requirePermission } from '../auth/permissions';
import { withCareLens } from '../care/checkins.usecases';
import { localDate } from '../clock';
import { AppError } from '../http/errors';
import { ageOn, presentResident } from '../registry/registry.presenters';
import { findHousehold, residentsOfHouseholds } from '../registry/registry.repository';
import type { RegistryContext } from '../registry/registry.usecases';
import { getHousehold } from '../registry/registry.usecases';
import { buildingsInScope, flatsOfBuilding } from './buildings.repository';
import { type FieldChange, recordRegisterChanges } from './changes.repository';
import { doorNoticesOfHousehold } from './doorNotices.repository';
import { buildingNoticeSvg } from './notice';
import {
  activeHouseholdAt,
  findEntrance,
  findResidentForEdit,
  historyOfHousehold,
  insertHousehold,
  insertResident,
  moveOutHousehold as moveOutHouseholdRows,
  moveOutResident as moveOutResidentRow,
  type ResidentFields,
  reportEventsOfHousehold,
  residentWithIdNumber,
  updateResident,
} from './residents.repository';
import { parseSearch, searchResidents } from './search.repository';

export async function searchRegister(
  ctx: RegistryContext,
  input: z.output<typeof ZResidentSearchQuery>,
): Promise<TResidentSearchResult> {
  await requirePermission(ctx, 'registry.read');
  const today = localDate(ctx.clock());
  const query = parseSearch(input.q);
  const hits = await searchResidents(ctx.db, ctx.actor.scope, {
    query,
    careTag: input.careTag,
    ageBand: input.ageBand,
    buildingId: input.buildingId,
    limit: input.limit,
    today,
  });
  const tags = new Map<string, CareTag[]>();
  if (hits.length > 0) {
    const rows = await ctx.db
      .selectFrom('resident_care_tag')
      .select(['resident_id', 'tag'])
      .where(
        'resident_id',
        'in',
        hits.map((h) => h.residentId),
      )
      .orderBy('tag')
      .execute();
    for (const r of rows) tags.set(r.resident_id, [...(tags.get(r.resident_id) ?? []), r.tag as CareTag]);
  }
  return {
    items: hits.map((h) => ({
      residentId: h.residentId,
      householdId: h.householdId,
      name: h.name,
      gender: h.gender,
      age: ageOn(h.birthDate, today),
      relation: h.relation,
      careTags: tags.get(h.residentId) ?? [],
      address: {
        buildingNumber: h.buildingNumber,
        entranceNumber: h.entranceNumber,
        floor: h.floor,
        room: h.room,
        label: `${h.buildingNumber}-${h.entranceNumber}-${h.room}`,
      },
      matchedBy: query.kind,
    })),
  };
}

export async function listBuildings(ctx: RegistryContext, communityId?: string): Promise<TBuildingList> {
  await requirePermission(ctx, 'registry.read');
  return { items: await buildingsInScope(ctx.db, ctx.actor.scope, communityId) };
}

export async function buildingPicture(
  ctx: RegistryContext,
  buildingId: string,
  lens: Lens,
): Promise<TBuildingPicture> {
  await requirePermission(ctx, 'registry.read');
  const building = (await buildingsInScope(ctx.db, ctx.actor.scope)).find((b) => b.id === buildingId);
  if (!building) {
    return denyNotFound(ctx, new AppError('register.building_not_found'), {
      type: 'building',
      id: buildingId,
    });
  }
  const flats = await flatsOfBuilding(ctx.db, ctx.actor.scope, buildingId, localDate(ctx.clock()));
  return buildPicture(building, await withCareLens(ctx.db, ctx.actor.scope, flats, lens, ctx.clock()), lens);
}

/** The printable QR notice for a building's board, pointing at its public report page on this server. */
export async function buildingNotice(
  ctx: RegistryContext,
  buildingId: string,
  origin: string,
): Promise<string> {
  await requirePermission(ctx, 'registry.read');
  const building = (await buildingsInScope(ctx.db, ctx.actor.scope)).find((b) => b.id === buildingId);
  if (!building) {
    return denyNotFound(ctx, new AppError('register.building_not_found'), {
      type: 'building',
      id: buildingId,
    });
  }
  const community = await ctx.db
    .selectFrom('community')
    .select('name')
    .where('id', '=', building.communityId)
    .executeTakeFirstOrThrow();
  return buildingNoticeSvg({
    url: `${origin}/b/${building.id}`,
    buildingNumber: building.number,
    communityName: community.name,
  });
}

export async function createHousehold(ctx: RegistryContext, input: THouseholdInput): Promise<THousehold> {
  await requirePermission(ctx, 'register.write');
  const entrance = await findEntrance(ctx.db, input.entranceId);
  if (!entrance || !ctx.actor.scope.communityIds.includes(entrance.community_id)) {
    return denyNotFound(ctx, new AppError('register.entrance_not_found'), {
      type: 'entrance',
      id: input.entranceId,
    });
  }
  if (await activeHouseholdAt(ctx.db, input.entranceId, input.room))
    throw new AppError('register.household_exists', {}, 'room');
  const id = randomUUID();
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertHousehold(trx, {
      id,
      communityId: entrance.community_id,
      buildingId: entrance.building_id,
      entranceId: input.entranceId,
      floor: input.floor,
      room: input.room,
      at,
    });
    await recordRegisterChanges(trx, [
      {
        at,
        actorUserId: ctx.actor.user.id,
        communityId: entrance.community_id,
        householdId: id,
        residentId: null,
        action: 'household.create',
        changes: [
          { field: 'floor', from: null, to: String(input.floor) },
          { field: 'room', from: null, to: input.room },
        ],
      },
    ]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'register.household.create',
        targetType: 'household',
        targetId: id,
        communityId: entrance.community_id,
      }),
    ]);
  });
  return getHousehold(ctx, id);
}

async function householdInScopeOr404(ctx: RegistryContext, householdId: string) {
  const household = await findHousehold(ctx.db, ctx.actor.scope, householdId);
  if (!household) {
    return denyNotFound(ctx, new AppError('registry.household_not_found'), {
      type: 'household',
      id: householdId,
    });
  }
  return household;
}

async function checkIdentity(ctx: RegistryContext, fields: ResidentFields, residentId: string | null) {
  if (fields.idNumber) {
    const holder = await residentWithIdNumber(ctx.db, fields.idNumber);
    if (holder && holder.id !== residentId) throw new AppError('register.id_number_taken', {}, 'idNumber');
    const fromId = birthDateFromId(fields.idNumber);
    if (fields.birthDate && fromId && fields.birthDate !== fromId) {
      throw new AppError('register.birth_mismatch', {}, 'birthDate');
    }
    return { ...fields, birthDate: fields.birthDate ?? fromId };
  }
  return fields;
}

const TRACKED: (keyof ResidentFields)[] = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'phone',
  'relation',
  'preferredLanguage',
  'careTags',
];

function diff(before: ResidentFields | null, after: ResidentFields): FieldChange[] {
  const show = (v: ResidentFields[keyof ResidentFields] | undefined) =>
    v === null || v === undefined ? null : Array.isArray(v) ? v.join(',') : String(v);
  return TRACKED.map((field) => ({
    field,
    from: before ? show(before[field]) : null,
    to: show(after[field]),
  })).filter((c) => c.from !== c.to);
}

async function presentWritten(
  ctx: RegistryContext,
  residentId: string,
  householdId: string,
): Promise<TResident> {
  const today = localDate(ctx.clock());
  const record = (await residentsOfHouseholds(ctx.db, [householdId])).find((r) => r.id === residentId);
  if (!record) throw new AppError('registry.resident_not_found');
  const { resident, reads } = presentResident(record, ctx.actor.scope, today);
  if (reads.length > 0) {
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        ctx.clock(),
        reads.map((r) => byActor(ctx.actor, r)),
      ),
    );
  }
  return resident;
}

export async function addResident(
  ctx: RegistryContext,
  householdId: string,
  input: z.output<typeof ZResidentInput>,
): Promise<TResident> {
  await requirePermission(ctx, 'register.write');
  const household = await householdInScopeOr404(ctx, householdId);
  const fields = await checkIdentity(
    ctx,
    {
      name: input.name,
      gender: input.gender,
      birthDate: input.birthDate ?? null,
      idNumber: input.idNumber ?? null,
      phone: input.phone ?? null,
      relation: input.relation,
      preferredLanguage: input.preferredLanguage,
      careTags: input.careTags,
    },
    null,
  );
  const id = randomUUID();
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertResident(trx, { ...fields, id, communityId: household.communityId, householdId, at });
    await recordRegisterChanges(trx, [
      {
        at,
        actorUserId: ctx.actor.user.id,
        communityId: household.communityId,
        householdId,
        residentId: id,
        action: 'resident.create',
        changes: diff(null, fields),
      },
    ]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'register.resident.create',
        targetType: 'resident',
        targetId: id,
        residentId: id,
        communityId: household.communityId,
      }),
    ]);
  });
  return presentWritten(ctx, id, householdId);
}

async function residentInScopeOr404(ctx: RegistryContext, residentId: string) {
  const found = await findResidentForEdit(ctx.db, residentId);
  const inScope =
    found && !found.movedOut && (await findHousehold(ctx.db, ctx.actor.scope, found.householdId));
  if (!found || !inScope) {
    return denyNotFound(ctx, new AppError('registry.resident_not_found'), {
      type: 'resident',
      id: residentId,
    });
  }
  return found;
}

export async function editResident(
  ctx: RegistryContext,
  residentId: string,
  patch: z.output<typeof ZResidentPatch>,
): Promise<TResident> {
  await requirePermission(ctx, 'register.write');
  const found = await residentInScopeOr404(ctx, residentId);
  const merged: ResidentFields = {
    name: patch.name ?? found.fields.name,
    gender: patch.gender ?? found.fields.gender,
    birthDate: patch.birthDate !== undefined ? patch.birthDate : found.fields.birthDate,
    idNumber: patch.idNumber !== undefined ? patch.idNumber : found.fields.idNumber,
    phone: patch.phone !== undefined ? patch.phone : found.fields.phone,
    relation: patch.relation ?? found.fields.relation,
    preferredLanguage: patch.preferredLanguage ?? found.fields.preferredLanguage,
    careTags: patch.careTags ? [...new Set(patch.careTags)].sort() : found.fields.careTags,
  };
  const fields = await checkIdentity(ctx, merged, residentId);
  const changes = diff(found.fields, fields);
  if (changes.length > 0) {
    const at = ctx.clock().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      await updateResident(trx, residentId, fields, at);
      await recordRegisterChanges(trx, [
        {
          at,
          actorUserId: ctx.actor.user.id,
          communityId: found.communityId,
          householdId: found.householdId,
          residentId,
          action: 'resident.update',
          changes,
        },
      ]);
      await appendAudit(trx, ctx.clock(), [
        byActor(ctx.actor, {
          action: 'register.resident.update',
          targetType: 'resident',
          targetId: residentId,
          residentId,
          communityId: found.communityId,
          detail: { fields: changes.map((c) => c.field) },
        }),
      ]);
    });
  }
  return presentWritten(ctx, residentId, found.householdId);
}

export async function moveOutResident(
  ctx: RegistryContext,
  residentId: string,
  input: TMoveOut,
): Promise<void> {
  await requirePermission(ctx, 'register.write');
  const found = await residentInScopeOr404(ctx, residentId);
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await moveOutResidentRow(trx, residentId, input.date, at);
    await recordRegisterChanges(trx, [
      {
        at,
        actorUserId: ctx.actor.user.id,
        communityId: found.communityId,
        householdId: found.householdId,
        residentId,
        action: 'resident.move_out',
        changes: [
          { field: 'movedOut', from: null, to: input.date },
          { field: 'reason', from: null, to: input.reason },
        ],
      },
    ]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'register.resident.move_out',
        targetType: 'resident',
        targetId: residentId,
        residentId,
        communityId: found.communityId,
      }),
    ]);
  });
}

export async function moveOutHousehold(
  ctx: RegistryContext,
  householdId: string,
  input: TMoveOut,
): Promise<void> {
  await requirePermission(ctx, 'register.write');
  const household = await householdInScopeOr404(ctx, householdId);
  const at = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const residents = await moveOutHouseholdRows(trx, householdId, input.date, at);
    await recordRegisterChanges(trx, [
      {
        at,
        actorUserId: ctx.actor.user.id,
        communityId: household.communityId,
        householdId,
        residentId: null,
        action: 'household.move_out',
        changes: [
          { field: 'movedOut', from: null, to: input.date },
          { field: 'reason', from: null, to: input.reason },
          { field: 'residents', from: String(residents.length), to: '0' },
        ],
      },
    ]);
    await appendAudit(trx, ctx.clock(), [
      byActor(ctx.actor, {
        action: 'register.household.move_out',
        targetType: 'household',
        targetId: householdId,
        communityId: household.communityId,
      }),
    ]);
  });
}

export async function householdHistory(ctx: RegistryContext, householdId: string): Promise<TRegisterHistory> {
  await requirePermission(ctx, 'registry.read');
  await householdInScopeOr404(ctx, householdId);
  const [rows, reportEvents, notices] = await Promise.all([
    historyOfHousehold(ctx.db, householdId),
    reportEventsOfHousehold(ctx.db, householdId),
    doorNoticesOfHousehold(ctx.db, householdId),
  ]);
  const changes = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    residentId: r.resident_id,
    residentName: r.resident_name,
    changes: JSON.parse(r.changes) as FieldChange[],
  }));
  // Reports about the household belong to its story too: raised, moved up, closed, reopened.
  const reports = reportEvents.map((e) => ({
    id: e.id,
    at: e.at,
    actorName: e.actor_name,
    action: `report.${e.kind}`,
    residentId: null,
    residentName: null,
    // The report's category code; the web app names it in the reader's language. No report id: it
    // means nothing to a reader.
    changes: [{ field: 'category', from: null, to: e.category }],
  }));
  // A notice put on the door (issue 23): "贴了入户通知", with what it said.
  const doorNotices = notices.map((n) => ({
    id: n.id,
    at: n.at,
    actorName: n.actor_name,
    action: 'door_notice',
    residentId: null,
    residentName: null,
    changes: [{ field: 'doorNotice', from: null, to: n.message }],
  }));
  return {
    items: [...changes, ...reports, ...doorNotices].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)),
  };
}
