import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImportResidentRow } from '../../../domain/register/importRows';
import { CARE_TAGS, type CareTag } from '../../../shared/careTags';
import type { Scope } from '../../auth/scope';
import { householdInScope } from '../../auth/scope.repository';
import type { DB } from '../../db/schema';
import { type FieldChange, type RegisterChange, recordRegisterChanges } from '../changes.repository';
import { residentSearchKeys } from '../searchKeys';

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function communityIds(db: Kysely<DB>): Promise<string[]> {
  return (await db.selectFrom('community').select('id').orderBy('name').execute()).map((c) => c.id);
}

export async function communityExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return (
    (await db.selectFrom('community').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
  );
}

/** ID numbers of the file that are registered in another community (the ID number is unique in Linli). */
export async function idNumbersElsewhere(
  db: Kysely<DB>,
  communityId: string,
  idNumbers: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks(idNumbers)) {
    const rows = await db
      .selectFrom('resident')
      .select('id_number')
      .where('id_number', 'in', part)
      .where('community_id', '<>', communityId)
      .execute();
    for (const r of rows) if (r.id_number) found.add(r.id_number);
  }
  return found;
}

export interface ImportWriteResult {
  createdHouseholds: number;
  createdResidents: number;
  updatedResidents: number;
}

interface ExistingResident {
  id: string;
  household_id: string;
  name: string;
  gender: 'male' | 'female';
  birth_date: string | null;
  id_number: string | null;
  phone: string | null;
  relation: string;
  moved_out_at: string | null;
}

const RESIDENT_COLUMNS = [
  'id',
  'household_id',
  'name',
  'gender',
  'birth_date',
  'id_number',
  'phone',
  'relation',
  'moved_out_at',
] as const;

/**
 * Writes checked rows into a community, inside the caller's transaction: missing buildings, entrances and
 * households are created; a resident already there (same ID number, or same name, birth date and
 * address) is updated, never duplicated; every created or updated resident gets an `import` change.
 */
export async function writeImportedRows(
  trx: Kysely<DB>,
  input: { communityId: string; rows: readonly ImportResidentRow[]; at: string; actorUserId: string | null },
): Promise<ImportWriteResult> {
  const { communityId, rows, at } = input;

  // Buildings, with enough floors for the highest room of the file.
  const buildings = await trx
    .selectFrom('building')
    .select(['id', 'number', 'floors'])
    .where('community_id', '=', communityId)
    .execute();
  const buildingByNumber = new Map(buildings.map((b) => [b.number, { id: b.id, floors: Number(b.floors) }]));
  const topFloor = new Map<string, number>();
  for (const r of rows) topFloor.set(r.building, Math.max(topFloor.get(r.building) ?? 1, r.floor));
  const newBuildings = [];
  for (const [number, floors] of topFloor) {
    const existing = buildingByNumber.get(number);
    if (!existing) {
      const id = randomUUID();
      buildingByNumber.set(number, { id, floors });
      newBuildings.push({ id, community_id: communityId, number, name: null, floors, created_at: at });
    } else if (existing.floors < floors) {
      await trx.updateTable('building').set({ floors }).where('id', '=', existing.id).execute();
      existing.floors = floors;
    }
  }
  for (const part of chunks(newBuildings)) await trx.insertInto('building').values(part).execute();

  // Entrances.
  const entranceKey = (buildingId: string, number: string) => `${buildingId}\u0000${number}`;
  const entranceByKey = new Map<string, string>();
  for (const part of chunks([...buildingByNumber.values()].map((b) => b.id))) {
    const found = await trx
      .selectFrom('entrance')
      .select(['id', 'building_id', 'number'])
      .where('building_id', 'in', part)
      .execute();
    for (const e of found) entranceByKey.set(entranceKey(e.building_id, e.number), e.id);
  }
  const newEntrances = [];
  for (const r of rows) {
    const buildingId = buildingByNumber.get(r.building)?.id ?? '';
    const key = entranceKey(buildingId, r.entrance);
    if (!entranceByKey.has(key)) {
      const id = randomUUID();
      entranceByKey.set(key, id);
      newEntrances.push({ id, building_id: buildingId, number: r.entrance, created_at: at });
    }
  }
  for (const part of chunks(newEntrances)) await trx.insertInto('entrance').values(part).execute();

  // Households: one address, lived in today.
  const householdKey = (entranceId: string, room: string) => `${entranceId}\u0000${room}`;
  const householdByKey = new Map<string, string>();
  const households = await trx
    .selectFrom('household')
    .select(['id', 'entrance_id', 'room'])
    .where('community_id', '=', communityId)
    .where('moved_out_at', 'is', null)
    .execute();
  for (const h of households) householdByKey.set(householdKey(h.entrance_id, h.room), h.id);
  const newHouseholds = [];
  const householdOfRow = new Map<ImportResidentRow, string>();
  for (const r of rows) {
    const building = buildingByNumber.get(r.building);
    const entranceId = entranceByKey.get(entranceKey(building?.id ?? '', r.entrance)) ?? '';
    const key = householdKey(entranceId, r.room);
    let id = householdByKey.get(key);
    if (!id) {
      id = randomUUID();
      householdByKey.set(key, id);
      newHouseholds.push({
        id,
        community_id: communityId,
        building_id: building?.id ?? '',
        entrance_id: entranceId,
        floor: r.floor,
        room: r.room,
        created_at: at,
        moved_out_at: null,
      });
    }
    householdOfRow.set(r, id);
  }
  for (const part of chunks(newHouseholds)) await trx.insertInto('household').values(part).execute();

  // Residents already known: by ID number, or by name + birth date + household.
  const byId = new Map<string, ExistingResident>();
  const idNumbers = rows.flatMap((r) => (r.idNumber ? [r.idNumber] : []));
  for (const part of chunks(idNumbers)) {
    const found = await trx
      .selectFrom('resident')
      .select(RESIDENT_COLUMNS)
      .where('id_number', 'in', part)
      .where('community_id', '=', communityId)
      .execute();
    for (const r of found) if (r.id_number) byId.set(r.id_number, r);
  }
  const personKey = (name: string, birth: string | null, householdId: string) =>
    `${name}\u0000${birth ?? ''}\u0000${householdId}`;
  const byPerson = new Map<string, ExistingResident>();
  const touchedHouseholds = [...new Set(householdOfRow.values())];
  for (const part of chunks(touchedHouseholds)) {
    const found = await trx
      .selectFrom('resident')
      .select(RESIDENT_COLUMNS)
      .where('household_id', 'in', part)
      .where('moved_out_at', 'is', null)
      .execute();
    for (const r of found) byPerson.set(personKey(r.name, r.birth_date, r.household_id), r);
  }

  const matched = new Map<ImportResidentRow, ExistingResident>();
  const used = new Set<string>();
  for (const r of rows) {
    const householdId = householdOfRow.get(r) ?? '';
    let existing = r.idNumber ? byId.get(r.idNumber) : undefined;
    if (!existing) {
      const candidate = byPerson.get(personKey(r.name, r.birthDate, householdId));
      if (candidate && (candidate.id_number === null || candidate.id_number === r.idNumber))
        existing = candidate;
    }
    if (existing && !used.has(existing.id)) {
      used.add(existing.id);
      matched.set(r, existing);
    }
  }
  const tagsOf = new Map<string, Set<string>>();
  for (const part of chunks([...used])) {
    const found = await trx
      .selectFrom('resident_care_tag')
      .select(['resident_id', 'tag'])
      .where('resident_id', 'in', part)
      .execute();
    for (const t of found) {
      const set = tagsOf.get(t.resident_id) ?? new Set();
      set.add(t.tag);
      tagsOf.set(t.resident_id, set);
    }
  }

  const inserts = [];
  const tagRows: { resident_id: string; tag: string }[] = [];
  const changes: RegisterChange[] = [];
  let updated = 0;
  for (const r of rows) {
    const householdId = householdOfRow.get(r) ?? '';
    const existing = matched.get(r);
    if (!existing) {
      const id = randomUUID();
      inserts.push({
        id,
        community_id: communityId,
        household_id: householdId,
        name: r.name,
        gender: r.gender,
        birth_date: r.birthDate,
        id_number: r.idNumber,
        phone: r.phone,
        relation: r.relation,
        preferred_language: 'zh-CN',
        created_at: at,
        updated_at: at,
        moved_out_at: null,
        ...residentSearchKeys(r.name, r.phone),
      });
      for (const tag of r.careTags) tagRows.push({ resident_id: id, tag });
      changes.push({
        at,
        actorUserId: input.actorUserId,
        communityId,
        householdId,
        residentId: id,
        action: 'import',
        changes: createdFields(r),
      });
      continue;
    }
    const fieldChanges: FieldChange[] = [];
    const set: Record<string, string | null> = {};
    const compare = (field: string, column: keyof ExistingResident, to: string | null) => {
      if (existing[column] !== to) {
        fieldChanges.push({ field, from: existing[column], to });
        set[column] = to;
      }
    };
    compare('name', 'name', r.name);
    compare('gender', 'gender', r.gender);
    if (r.birthDate) compare('birthDate', 'birth_date', r.birthDate);
    if (r.idNumber) compare('idNumber', 'id_number', r.idNumber);
    if (r.phone) compare('phone', 'phone', r.phone);
    if (r.relation) compare('relation', 'relation', r.relation);
    compare('household', 'household_id', householdId);
    compare('movedOut', 'moved_out_at', null);
    const had = tagsOf.get(existing.id) ?? new Set();
    const added = r.careTags.filter((t) => !had.has(t));
    for (const tag of added) tagRows.push({ resident_id: existing.id, tag });
    if (added.length > 0) {
      fieldChanges.push({
        field: 'careTags',
        from: [...had].sort().join(',') || null,
        to: [...new Set([...had, ...added])].sort().join(','),
      });
    }
    if (fieldChanges.length === 0) continue;
    updated++;
    if (Object.keys(set).length > 0) {
      const name = (set.name ?? existing.name) as string;
      const phone = 'phone' in set ? (set.phone ?? null) : existing.phone;
      await trx
        .updateTable('resident')
        .set({ ...set, updated_at: at, ...residentSearchKeys(name, phone) })
        .where('id', '=', existing.id)
        .execute();
    }
    changes.push({
      at,
      actorUserId: input.actorUserId,
      communityId,
      householdId,
      residentId: existing.id,
      action: 'import',
      changes: fieldChanges,
    });
  }
  for (const part of chunks(inserts)) await trx.insertInto('resident').values(part).execute();
  for (const part of chunks(tagRows, 1000)) await trx.insertInto('resident_care_tag').values(part).execute();
  await recordRegisterChanges(trx, changes);
  return {
    createdHouseholds: newHouseholds.length,
    createdResidents: inserts.length,
    updatedResidents: updated,
  };
}

function createdFields(r: ImportResidentRow): FieldChange[] {
  const values: [string, string | null][] = [
    ['name', r.name],
    ['gender', r.gender],
    ['birthDate', r.birthDate],
    ['idNumber', r.idNumber],
    ['phone', r.phone],
    ['relation', r.relation || null],
    ['careTags', r.careTags.join(',') || null],
  ];
  return values.filter(([, to]) => to !== null).map(([field, to]) => ({ field, from: null, to }));
}

export interface ExportHousehold {
  id: string;
  communityId: string;
  communityName: string;
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

/** Households lived in today within the scope (and the given communities), in address order. */
export async function householdsForExport(
  db: Kysely<DB>,
  scope: Scope,
  communities: readonly string[],
): Promise<ExportHousehold[]> {
  if (communities.length === 0) return [];
  const rows = await db
    .selectFrom('household')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .innerJoin('community', 'community.id', 'household.community_id')
    .select([
      'household.id as id',
      'household.community_id as communityId',
      'community.name as communityName',
      'building.number as buildingNumber',
      'entrance.number as entranceNumber',
      'household.floor as floor',
      'household.room as room',
    ])
    .where('household.moved_out_at', 'is', null)
    .where(householdInScope(scope))
    .where('household.community_id', 'in', communities)
    .execute();
  const natural = new Intl.Collator('zh-CN', { numeric: true });
  return rows
    .map((r) => ({ ...r, floor: Number(r.floor) }))
    .sort(
      (a, b) =>
        natural.compare(a.communityName, b.communityName) ||
        natural.compare(a.buildingNumber, b.buildingNumber) ||
        natural.compare(a.entranceNumber, b.entranceNumber) ||
        a.floor - b.floor ||
        natural.compare(a.room, b.room),
    );
}

export interface ExportResident {
  id: string;
  householdId: string;
  communityId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  careTags: CareTag[];
}

/** Residents living today in the given households (already filtered by scope), with their care tags. */
export async function residentsForExport(
  db: Kysely<DB>,
  householdIds: readonly string[],
): Promise<ExportResident[]> {
  if (householdIds.length === 0) return [];
  const rows = await db
    .selectFrom('resident')
    .select([
      'id',
      'household_id as householdId',
      'community_id as communityId',
      'name',
      'gender',
      'birth_date as birthDate',
      'id_number as idNumber',
      'phone',
      'relation',
    ])
    .where('household_id', 'in', householdIds)
    .where('moved_out_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const tags = new Map<string, CareTag[]>();
  for (const part of chunks(rows.map((r) => r.id))) {
    const found = await db
      .selectFrom('resident_care_tag')
      .select(['resident_id', 'tag'])
      .where('resident_id', 'in', part)
      .execute();
    for (const t of found) {
      if (!(CARE_TAGS as readonly string[]).includes(t.tag)) continue;
      const list = tags.get(t.resident_id) ?? [];
      list.push(t.tag as CareTag);
      tags.set(t.resident_id, list);
    }
  }
  return rows.map((r) => ({ ...r, careTags: (tags.get(r.id) ?? []).sort() }));
}
