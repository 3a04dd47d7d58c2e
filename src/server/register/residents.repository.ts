import type { Kysely } from 'kysely';
import type { CareTag } from '../../shared/careTags';
import { HOUSEHOLD_REPORT_EVENTS } from '../../shared/contracts/register';
import type { DB } from '../db/schema';
import { residentSearchKeys } from './searchKeys';

export interface ResidentFields {
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  preferredLanguage: string;
  careTags: CareTag[];
}

/** The one way a resident row is written, so its search keys always follow its name and phone. */
export async function insertResident(
  trx: Kysely<DB>,
  row: ResidentFields & { id: string; communityId: string; householdId: string; at: string },
): Promise<void> {
  await trx
    .insertInto('resident')
    .values({
      id: row.id,
      community_id: row.communityId,
      household_id: row.householdId,
      name: row.name,
      gender: row.gender,
      birth_date: row.birthDate,
      id_number: row.idNumber,
      phone: row.phone,
      relation: row.relation,
      preferred_language: row.preferredLanguage,
      created_at: row.at,
      updated_at: row.at,
      moved_out_at: null,
      ...residentSearchKeys(row.name, row.phone),
    })
    .execute();
  await replaceCareTags(trx, row.id, row.careTags);
}

export async function updateResident(
  trx: Kysely<DB>,
  id: string,
  fields: ResidentFields,
  at: string,
): Promise<void> {
  await trx
    .updateTable('resident')
    .set({
      name: fields.name,
      gender: fields.gender,
      birth_date: fields.birthDate,
      id_number: fields.idNumber,
      phone: fields.phone,
      relation: fields.relation,
      preferred_language: fields.preferredLanguage,
      updated_at: at,
      ...residentSearchKeys(fields.name, fields.phone),
    })
    .where('id', '=', id)
    .execute();
  await replaceCareTags(trx, id, fields.careTags);
}

async function replaceCareTags(trx: Kysely<DB>, residentId: string, tags: readonly CareTag[]): Promise<void> {
  await trx.deleteFrom('resident_care_tag').where('resident_id', '=', residentId).execute();
  if (tags.length > 0) {
    await trx
      .insertInto('resident_care_tag')
      .values([...new Set(tags)].map((tag) => ({ resident_id: residentId, tag })))
      .execute();
  }
}

export async function residentWithIdNumber(db: Kysely<DB>, idNumber: string) {
  return db.selectFrom('resident').select(['id']).where('id_number', '=', idNumber).executeTakeFirst();
}

/** The resident with the household it belongs to, for scope checks and edits. */
export async function findResidentForEdit(db: Kysely<DB>, id: string) {
  const row = await db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .select([
      'resident.id',
      'resident.community_id',
      'resident.household_id',
      'resident.name',
      'resident.gender',
      'resident.birth_date',
      'resident.id_number',
      'resident.phone',
      'resident.relation',
      'resident.preferred_language',
      'resident.moved_out_at',
      'household.moved_out_at as household_moved_out_at',
    ])
    .where('resident.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const tags = await db.selectFrom('resident_care_tag').select('tag').where('resident_id', '=', id).execute();
  const fields: ResidentFields = {
    name: row.name,
    gender: row.gender,
    birthDate: row.birth_date,
    idNumber: row.id_number,
    phone: row.phone,
    relation: row.relation,
    preferredLanguage: row.preferred_language,
    careTags: tags.map((t) => t.tag as CareTag).sort(),
  };
  return {
    id: row.id,
    communityId: row.community_id,
    householdId: row.household_id,
    movedOut: row.moved_out_at !== null || row.household_moved_out_at !== null,
    fields,
  };
}

export async function moveOutResident(trx: Kysely<DB>, id: string, date: string, at: string): Promise<void> {
  await trx
    .updateTable('resident')
    .set({ moved_out_at: date, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** A household moves out with everyone still in it, and its building leader's cover ends that day. */
export async function moveOutHousehold(trx: Kysely<DB>, householdId: string, date: string, at: string) {
  await trx.updateTable('household').set({ moved_out_at: date }).where('id', '=', householdId).execute();
  const residents = await trx
    .selectFrom('resident')
    .select('id')
    .where('household_id', '=', householdId)
    .where('moved_out_at', 'is', null)
    .execute();
  await trx
    .updateTable('resident')
    .set({ moved_out_at: date, updated_at: at })
    .where('household_id', '=', householdId)
    .where('moved_out_at', 'is', null)
    .execute();
  await trx
    .updateTable('household_assignment')
    .set({ valid_to: date })
    .where('household_id', '=', householdId)
    .where('valid_to', 'is', null)
    .execute();
  return residents.map((r) => r.id);
}

export async function findEntrance(db: Kysely<DB>, entranceId: string) {
  return db
    .selectFrom('entrance')
    .innerJoin('building', 'building.id', 'entrance.building_id')
    .select(['entrance.id', 'entrance.building_id', 'building.community_id'])
    .where('entrance.id', '=', entranceId)
    .executeTakeFirst();
}

export async function activeHouseholdAt(db: Kysely<DB>, entranceId: string, room: string) {
  return db
    .selectFrom('household')
    .select('id')
    .where('entrance_id', '=', entranceId)
    .where('room', '=', room)
    .where('moved_out_at', 'is', null)
    .executeTakeFirst();
}

export async function insertHousehold(
  trx: Kysely<DB>,
  row: {
    id: string;
    communityId: string;
    buildingId: string;
    entranceId: string;
    floor: number;
    room: string;
    at: string;
  },
) {
  await trx
    .insertInto('household')
    .values({
      id: row.id,
      community_id: row.communityId,
      building_id: row.buildingId,
      entrance_id: row.entranceId,
      floor: row.floor,
      room: row.room,
      created_at: row.at,
      moved_out_at: null,
    })
    .execute();
}

export async function historyOfHousehold(db: Kysely<DB>, householdId: string) {
  return db
    .selectFrom('register_change')
    .leftJoin('user_account', 'user_account.id', 'register_change.actor_user_id')
    .leftJoin('resident', 'resident.id', 'register_change.resident_id')
    .select([
      'register_change.id',
      'register_change.at',
      'register_change.action',
      'register_change.resident_id',
      'register_change.changes',
      'user_account.display_name as actor_name',
      'resident.name as resident_name',
    ])
    .where('register_change.household_id', '=', householdId)
    .orderBy('register_change.at', 'desc')
    .limit(200)
    .execute();
}

/** Report events about a household: created, escalated, closed and reopened, for its timeline. */
export async function reportEventsOfHousehold(db: Kysely<DB>, householdId: string) {
  return db
    .selectFrom('report_event')
    .innerJoin('report', 'report.id', 'report_event.report_id')
    .leftJoin('user_account', 'user_account.id', 'report_event.actor_user_id')
    .select([
      'report_event.id',
      'report_event.at',
      'report_event.kind',
      'report.id as report_id',
      'report.category',
      'user_account.display_name as actor_name',
    ])
    .where('report.household_id', '=', householdId)
    .where('report_event.kind', 'in', [...HOUSEHOLD_REPORT_EVENTS])
    .orderBy('report_event.at', 'desc')
    .limit(200)
    .execute();
}
