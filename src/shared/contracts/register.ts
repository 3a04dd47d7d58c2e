import { z } from 'zod';
import { CARE_TAGS } from '../careTags';
import { checkIdNumber, normaliseIdNumber } from '../idNumber';
import { ZAddress } from './registry';

const ZDate = z.iso.date();

/** An optional 18-digit ID number, checked against GB 11643 the same way in the form and on the server. */
export const ZIdNumberInput = z
  .string()
  .trim()
  .transform(normaliseIdNumber)
  .refine((v) => v === '' || checkIdNumber(v) === null, { message: 'id_checksum' })
  .transform((v) => (v === '' ? null : v));

export const ZPhoneInput = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|)$/, { message: 'phone_invalid' })
  .transform((v) => (v === '' ? null : v));

export const ZResidentInput = z.object({
  name: z.string().trim().min(1).max(40),
  gender: z.enum(['male', 'female']),
  birthDate: ZDate.nullable().optional(),
  idNumber: ZIdNumberInput.nullable().optional(),
  phone: ZPhoneInput.nullable().optional(),
  relation: z.string().trim().min(1).max(20),
  preferredLanguage: z.string().trim().min(2).max(20).default('zh-CN'),
  careTags: z.array(z.enum(CARE_TAGS)).max(CARE_TAGS.length).default([]),
});
export type TResidentInput = z.input<typeof ZResidentInput>;

export const ZResidentPatch = ZResidentInput.partial();
export type TResidentPatch = z.input<typeof ZResidentPatch>;

export const ZMoveOut = z.object({
  date: ZDate,
  reason: z.string().trim().min(1).max(200),
});
export type TMoveOut = z.infer<typeof ZMoveOut>;

export const ZHouseholdInput = z.object({
  entranceId: z.uuid(),
  floor: z.number().int().min(-3).max(120),
  room: z.string().trim().min(1).max(10),
});
export type THouseholdInput = z.infer<typeof ZHouseholdInput>;

/** Report events a household's history shows: raised, moved up, closed (three ways), reopened, merged. */
export const HOUSEHOLD_REPORT_EVENTS = [
  'created',
  'escalated',
  'resolve',
  'refer',
  'outside_remit',
  'reopen',
  'merged',
] as const;
export type HouseholdReportEvent = (typeof HOUSEHOLD_REPORT_EVENTS)[number];

/** Every kind of change the register records about a household or resident (table `register_change`). */
export const REGISTER_CHANGE_ACTIONS = [
  'household.create',
  'household.move_out',
  'household.assign',
  'resident.create',
  'resident.update',
  'resident.move_out',
  'import',
] as const;
export type RegisterChangeAction = (typeof REGISTER_CHANGE_ACTIONS)[number];

/** Every kind a household's history may carry: the register's changes and its reports' events. */
export const HOUSEHOLD_HISTORY_ACTIONS = [
  ...REGISTER_CHANGE_ACTIONS,
  ...HOUSEHOLD_REPORT_EVENTS.map((kind) => `report.${kind}` as const),
  // A notice put on the door (issue 23), read from its own record.
  'door_notice',
] as const;

/** Every field a change may name; the web app has words for each (a new one without words fails a test). */
export const REGISTER_CHANGE_FIELDS = [
  'name',
  'gender',
  'birthDate',
  'idNumber',
  'phone',
  'relation',
  'preferredLanguage',
  'careTags',
  'household',
  'movedOut',
  'reason',
  'residents',
  'floor',
  'room',
  'buildingLeader',
  'category',
  'doorNotice',
] as const;
export type RegisterChangeField = (typeof REGISTER_CHANGE_FIELDS)[number];

/** One entry of a household's history: what changed, when, by whom. ID numbers show only that they changed. */
export const ZRegisterChange = z.object({
  id: z.uuid(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  residentId: z.uuid().nullable(),
  residentName: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
});
export const ZRegisterHistory = z.object({ items: z.array(ZRegisterChange) });
export type TRegisterHistory = z.infer<typeof ZRegisterHistory>;

export const AGE_BANDS = ['0-17', '18-59', '60-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * One search box for every way workers look people up: a name, pinyin initials (`zhd`), the last four
 * digits of a phone (`5678`), or an address `3-2-401` (building-entrance-room; `3-2` lists the entrance).
 */
export const ZResidentSearchQuery = z.object({
  q: z.string().trim().max(40).default(''),
  careTag: z.enum(CARE_TAGS).optional(),
  ageBand: z.enum(AGE_BANDS).optional(),
  buildingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TResidentSearchQuery = z.input<typeof ZResidentSearchQuery>;

export const ZResidentHit = z.object({
  residentId: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  age: z.number().int().nullable(),
  relation: z.string(),
  careTags: z.array(z.enum(CARE_TAGS)),
  address: ZAddress,
  /** Why it matched: name, pinyin initials, phone tail or address. */
  matchedBy: z.enum(['name', 'pinyin', 'phone', 'address', 'filter']),
});
export const ZResidentSearchResult = z.object({ items: z.array(ZResidentHit) });
export type TResidentSearchResult = z.infer<typeof ZResidentSearchResult>;

export const ZBuildingSummary = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  number: z.string(),
  name: z.string().nullable(),
  floors: z.number().int(),
  entrances: z.array(z.object({ id: z.uuid(), number: z.string() })),
  /** Households of this building in the caller's scope. */
  households: z.number().int(),
});
export const ZBuildingList = z.object({ items: z.array(ZBuildingSummary) });
export type TBuildingList = z.infer<typeof ZBuildingList>;

export const LENSES = ['care', 'no_leader', 'reports', 'visits', 'checkins'] as const;
export type Lens = (typeof LENSES)[number];
export const ZBuildingPictureQuery = z.object({ lens: z.enum(LENSES).default('care') });

/**
 * One flat of the building picture. `hidden`: a household lives there but is not the caller's to see
 * (a building leader sees only their own flats); nothing else about it is sent.
 */
export const ZFlatCell = z.object({
  room: z.string(),
  state: z.enum(['household', 'vacant', 'hidden']),
  householdId: z.uuid().nullable(),
  memberCount: z.number().int(),
  careTags: z.array(z.enum(CARE_TAGS)),
  hasBuildingLeader: z.boolean(),
  /** Reports about the household not yet closed. */
  openReports: z.number().int(),
  /**
   * The colour key of the chosen lens: a care tag or `none`; `no_leader` or `covered`; `open_reports` or
   * `no_reports`; `visit_overdue|visit_due_soon|visit_on_track|no_care_plan`;
   * `checkin_escalated|checkin_missed|checkin_due|checkin_resolved|checkin_done|no_checkin`.
   */
  lensKey: z.string(),
});
export type TFlatCell = z.infer<typeof ZFlatCell>;

export const ZBuildingPicture = z.object({
  building: ZBuildingSummary,
  lens: z.enum(LENSES),
  entrances: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      /** Top floor first, as the building is seen from the street. */
      floors: z.array(z.object({ floor: z.number().int(), flats: z.array(ZFlatCell) })),
    }),
  ),
});
export type TBuildingPicture = z.infer<typeof ZBuildingPicture>;
