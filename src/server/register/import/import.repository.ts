import { randomUUID } from 'node:crypto';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ImportResidentRow } from '../../../domain/register/importRows';
import { CARE_TAGS, type CareTag } from '../../../shared/careTags';
import type { RegisterChangeField } from '../../../shared/contracts/register';
import type { Scope } from '../../auth/scope';
import { householdInScope } from '../../auth/scope.repository';
import type { DB } from '../../db/schema';
import { type FieldChange, type RegisterChange, redactChanges } from '../changes.repository';
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

/** Residents holding any of these ID numbers, in any community (looked up by the unique index alone). */
export async function residentsWithIdNumbers(
  db: Kysely<DB>,
  idNumbers: readonly string[],
): Promise<(ExistingResident & { community_id: string })[]> {
  const out: (ExistingResident & { community_id: string })[] = [];
  for (const part of chunks(idNumbers)) {
    // The community is compared by the caller, so the planner cannot prefer walking the community's
    // residents (which an import makes many) over the unique index.
    const found = await db
      .selectFrom('resident')
      .select([...RESIDENT_COLUMNS, 'community_id'])
      .where('id_number', 'in', part)
      .execute();
    out.push(...found);
  }
  return out;
}

/** ID numbers of the file that are registered in another community (the ID number is unique in Linli). */
export async function idNumbersElsewhere(
  db: Kysely<DB>,
  communityId: string,
  idNumbers: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const r of await residentsWithIdNumbers(db, idNumbers)) {
    if (r.id_number && r.community_id !== communityId) found.add(r.id_number);
  }
  return found;
}

export interface ImportWriteResult {
  createdHouseholds: number;
  createdResidents: number;
  updatedResidents: number;
}

export interface ExistingResident {
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

const RESIDENT_INSERT = [
  'id',
  'community_id',
  'household_id',
  'name',
  'gender',
  'birth_date',
  'id_number',
  'phone',
  'relation',
  'preferred_language',
  'created_at',
  'updated_at',
  'moved_out_at',
  'name_pinyin',
  'name_initials',
  'phone_tail',
] as const;
const HOUSEHOLD_INSERT = [
  'id',
  'community_id',
  'building_id',
  'entrance_id',
  'floor',
  'room',
  'created_at',
  'moved_out_at',
] as const;
/** The columns of an import's history rows, in the order the import writes them. */
export const CHANGE_INSERT = [
  'id',
  'at',
  'actor_user_id',
  'community_id',
  'household_id',
  'resident_id',
  'action',
  'changes',
] as const;

type Param = string | number | null;

/**
 * Multi-row INSERTs as one compiled statement with plain parameters: no query builder per row. The
 * statement text is made once per table, row count and placeholder style (`?` or `$n`).
 */
class RawInserter {
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly numbered: boolean,
  ) {}

  private text(table: string, columns: readonly string[], rows: number): string {
    const key = `${table}\u0000${rows}`;
    let text = this.texts.get(key);
    if (!text) {
      const tuples: string[] = [];
      let n = 0;
      for (let r = 0; r < rows; r++) {
        const marks: string[] = [];
        for (let c = 0; c < columns.length; c++) marks.push(this.numbered ? `$${++n}` : '?');
        tuples.push(`(${marks.join(',')})`);
      }
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${tuples.join(',')}`;
      // Batches differ in size (households, changes): keep a few texts, not one for every size.
      if (this.texts.size >= 16) this.texts.clear();
      this.texts.set(key, text);
    }
    return text;
  }

  /** `params` holds the rows one after another, `columns.length` values each. */
  async insert(table: string, columns: readonly string[], params: Param[]): Promise<void> {
    const width = columns.length;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
    for (let i = 0; i < params.length; i += perStatement * width) {
      const part = params.length <= perStatement * width ? params : params.slice(i, i + perStatement * width);
      await this.db.executeQuery(CompiledQuery.raw(this.text(table, columns, part.length / width), part));
    }
  }
}

/** Well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const MAX_PARAMS = 8000;

/** Whether the database numbers its parameters (`$1`, PostgreSQL) or not (`?`, SQLite). */
function numberedParameters(db: Kysely<DB>): boolean {
  return sql`select ${1}`.compile(db).sql.includes('$1');
}

const entranceKey = (buildingId: string, number: string) => `${buildingId}\u0000${number}`;
const householdKey = (entranceId: string, room: string) => `${entranceId}\u0000${room}`;
const personKey = (name: string, birth: string | null, householdId: string) =>
  `${name}\u0000${birth ?? ''}\u0000${householdId}`;

/** The pinyin keys of a name, once per distinct name (a register repeats its names; pinyin is slow). */
const KEY_CACHE_LIMIT = 50_000;

/**
 * Writes checked rows into a community batch by batch, inside the caller's one transaction: missing
 * buildings, entrances and households are created; a resident already there before the import (same ID
 * number, or same name, birth date and address) is updated, never duplicated; every created or updated
 * resident gets an `import` change. It keeps only what later batches need: the community's addresses
 * and which residents it has already matched.
 */
export class ImportWriter {
  private readonly raw: RawInserter;
  private buildingByNumber = new Map<string, { id: string; floors: number }>();
  private readonly entranceByKey = new Map<string, string>();
  private readonly householdByKey = new Map<string, string>();
  /** Households that were there before the import: only they can hold residents to match. */
  private readonly existingHouseholds = new Set<string>();
  /** Residents matched (updated or found unchanged) so far: each is matched once. */
  private readonly used = new Set<string>();
  /** Residents this import created in households that were there before (never matched again). */
  private readonly createdInExisting = new Set<string>();
  private readonly keyCache = new Map<string, { name_pinyin: string; name_initials: string }>();
  /**
   * UUIDs version 7 (RFC 9562), increasing within the import: a 100,000-row import then appends to the
   * primary-key and household/resident indexes instead of touching a random page of each for every row,
   * which is most of the cost of the INSERTs once the tables outgrow the database's page cache.
   */
  private readonly nextId = () => uuidv7();
  private started = false;
  readonly result: ImportWriteResult = { createdHouseholds: 0, createdResidents: 0, updatedResidents: 0 };

  constructor(
    private readonly trx: Kysely<DB>,
    private readonly input: { communityId: string; at: string; actorUserId: string | null },
  ) {
    this.raw = new RawInserter(trx, numberedParameters(trx));
  }

  private async start(): Promise<void> {
    this.started = true;
    const { communityId } = this.input;
    const buildings = await this.trx
      .selectFrom('building')
      .select(['id', 'number', 'floors'])
      .where('community_id', '=', communityId)
      .execute();
    this.buildingByNumber = new Map(buildings.map((b) => [b.number, { id: b.id, floors: Number(b.floors) }]));
    for (const part of chunks(buildings.map((b) => b.id))) {
      const found = await this.trx
        .selectFrom('entrance')
        .select(['id', 'building_id', 'number'])
        .where('building_id', 'in', part)
        .execute();
      for (const e of found) this.entranceByKey.set(entranceKey(e.building_id, e.number), e.id);
    }
    const households = await this.trx
      .selectFrom('household')
      .select(['id', 'entrance_id', 'room'])
      .where('community_id', '=', communityId)
      .where('moved_out_at', 'is', null)
      .execute();
    for (const h of households) {
      this.householdByKey.set(householdKey(h.entrance_id, h.room), h.id);
      this.existingHouseholds.add(h.id);
    }
  }

  private searchKeys(name: string, phone: string | null) {
    let keys = this.keyCache.get(name);
    if (!keys) {
      const all = residentSearchKeys(name, null);
      keys = { name_pinyin: all.name_pinyin, name_initials: all.name_initials };
      if (this.keyCache.size >= KEY_CACHE_LIMIT) this.keyCache.clear();
      this.keyCache.set(name, keys);
    }
    // As residentSearchKeys: the last four digits of the phone.
    const digits = phone?.replace(/\D/g, '') ?? '';
    return { ...keys, phone_tail: digits.length >= 4 ? digits.slice(-4) : null };
  }

  /**
   * Writes one batch of rows (in file order; the batches in file order too). `knownById`: the residents
   * of this community holding the batch's ID numbers, when the caller has already looked them up.
   */
  async write(
    rows: readonly ImportResidentRow[],
    knownById?: ReadonlyMap<string, ExistingResident>,
  ): Promise<void> {
    if (rows.length === 0) return;
    if (!this.started) await this.start();
    const { trx } = this;
    const { communityId, at } = this.input;

    // Buildings, with enough floors for the highest room so far.
    const topFloor = new Map<string, number>();
    for (const r of rows) topFloor.set(r.building, Math.max(topFloor.get(r.building) ?? 1, r.floor));
    const newBuildings = [];
    for (const [number, floors] of topFloor) {
      const existing = this.buildingByNumber.get(number);
      if (!existing) {
        const id = randomUUID();
        this.buildingByNumber.set(number, { id, floors });
        newBuildings.push({ id, community_id: communityId, number, name: null, floors, created_at: at });
      } else if (existing.floors < floors) {
        await trx.updateTable('building').set({ floors }).where('id', '=', existing.id).execute();
        existing.floors = floors;
      }
    }
    if (newBuildings.length > 0) await trx.insertInto('building').values(newBuildings).execute();

    // Entrances.
    const newEntrances = [];
    for (const r of rows) {
      const buildingId = this.buildingByNumber.get(r.building)?.id ?? '';
      const key = entranceKey(buildingId, r.entrance);
      if (!this.entranceByKey.has(key)) {
        const id = randomUUID();
        this.entranceByKey.set(key, id);
        newEntrances.push({ id, building_id: buildingId, number: r.entrance, created_at: at });
      }
    }
    if (newEntrances.length > 0) await trx.insertInto('entrance').values(newEntrances).execute();

    // Households: one address, lived in today.
    const householdParams: Param[] = [];
    const householdOfRow: string[] = [];
    for (const r of rows) {
      const building = this.buildingByNumber.get(r.building);
      const entranceId = this.entranceByKey.get(entranceKey(building?.id ?? '', r.entrance)) ?? '';
      const key = householdKey(entranceId, r.room);
      let id = this.householdByKey.get(key);
      if (!id) {
        id = this.nextId();
        this.householdByKey.set(key, id);
        householdParams.push(id, communityId, building?.id ?? '', entranceId, r.floor, r.room, at, null);
        this.result.createdHouseholds++;
      }
      householdOfRow.push(id);
    }
    if (householdParams.length > 0) await this.raw.insert('household', HOUSEHOLD_INSERT, householdParams);

    // Residents there before the import: by ID number (as the caller found them in this community, or
    // looked up here), or by name + birth date + household.
    let byId = knownById;
    if (!byId) {
      const looked = new Map<string, ExistingResident>();
      const idNumbers = rows.flatMap((r) => (r.idNumber ? [r.idNumber] : []));
      for (const r of await residentsWithIdNumbers(trx, idNumbers)) {
        if (r.id_number && r.community_id === communityId) looked.set(r.id_number, r);
      }
      byId = looked;
    }
    const byPerson = new Map<string, ExistingResident>();
    const oldHouseholds = [...new Set(householdOfRow.filter((h) => this.existingHouseholds.has(h)))];
    for (const part of chunks(oldHouseholds)) {
      const found = await trx
        .selectFrom('resident')
        .select(RESIDENT_COLUMNS)
        .where('household_id', 'in', part)
        .where('moved_out_at', 'is', null)
        .execute();
      for (const r of found) {
        // Residents an earlier batch created or updated are not "there before the import".
        if (this.createdInExisting.has(r.id) || this.used.has(r.id)) continue;
        byPerson.set(personKey(r.name, r.birth_date, r.household_id), r);
      }
    }

    const matched: (ExistingResident | undefined)[] = [];
    const matchedIds: string[] = [];
    rows.forEach((r, i) => {
      let existing = r.idNumber ? byId.get(r.idNumber) : undefined;
      if (!existing) {
        const candidate = byPerson.get(personKey(r.name, r.birthDate, householdOfRow[i] ?? ''));
        if (candidate && (candidate.id_number === null || candidate.id_number === r.idNumber))
          existing = candidate;
      }
      if (existing && !this.used.has(existing.id)) {
        this.used.add(existing.id);
        matched[i] = existing;
        matchedIds.push(existing.id);
      }
    });
    const tagsOf = new Map<string, Set<string>>();
    for (const part of chunks(matchedIds)) {
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

    const residentParams: Param[] = [];
    const tagParams: Param[] = [];
    const changes: RegisterChange[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as ImportResidentRow;
      const householdId = householdOfRow[i] ?? '';
      const existing = matched[i];
      if (!existing) {
        const id = this.nextId();
        const keys = this.searchKeys(r.name, r.phone);
        residentParams.push(
          id,
          communityId,
          householdId,
          r.name,
          r.gender,
          r.birthDate,
          r.idNumber,
          r.phone,
          r.relation,
          'zh-CN',
          at,
          at,
          null,
          keys.name_pinyin,
          keys.name_initials,
          keys.phone_tail,
        );
        if (this.existingHouseholds.has(householdId)) this.createdInExisting.add(id);
        for (const tag of r.careTags) tagParams.push(id, tag);
        changes.push({
          at,
          actorUserId: this.input.actorUserId,
          communityId,
          householdId,
          residentId: id,
          action: 'import',
          changes: createdFields(r),
        });
        this.result.createdResidents++;
        continue;
      }
      const fieldChanges: FieldChange[] = [];
      const set: Record<string, string | null> = {};
      const compare = (field: RegisterChangeField, column: keyof ExistingResident, to: string | null) => {
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
      for (const tag of added) tagParams.push(existing.id, tag);
      if (added.length > 0) {
        fieldChanges.push({
          field: 'careTags',
          from: [...had].sort().join(',') || null,
          to: [...new Set([...had, ...added])].sort().join(','),
        });
      }
      if (fieldChanges.length === 0) continue;
      this.result.updatedResidents++;
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
        actorUserId: this.input.actorUserId,
        communityId,
        householdId,
        residentId: existing.id,
        action: 'import',
        changes: fieldChanges,
      });
    }
    if (residentParams.length > 0) await this.raw.insert('resident', RESIDENT_INSERT, residentParams);
    if (tagParams.length > 0) await this.raw.insert('resident_care_tag', ['resident_id', 'tag'], tagParams);
    if (changes.length > 0) {
      const changeParams: Param[] = [];
      for (const c of changes) {
        changeParams.push(
          this.nextId(),
          c.at,
          c.actorUserId,
          c.communityId,
          c.householdId,
          c.residentId,
          c.action,
          JSON.stringify(redactChanges(c.changes)),
        );
      }
      await this.raw.insert('register_change', CHANGE_INSERT, changeParams);
    }
  }
}

/** All rows at once (one batch): the same as writing them through an `ImportWriter` batch by batch. */
export async function writeImportedRows(
  trx: Kysely<DB>,
  input: { communityId: string; rows: readonly ImportResidentRow[]; at: string; actorUserId: string | null },
): Promise<ImportWriteResult> {
  const writer = new ImportWriter(trx, input);
  for (const part of chunks(input.rows)) await writer.write(part);
  return writer.result;
}

/** What a resident the import creates starts with: every field the row gives, from nothing. */
export function createdFields(r: ImportResidentRow): FieldChange[] {
  const values: [RegisterChangeField, string | null][] = [
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
