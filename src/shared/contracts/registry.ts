import { z } from 'zod';
import { CARE_TAGS } from '../careTags';
import { TIERS } from '../roles';

export const ZIdParam = z.object({ id: z.uuid() });

export const ZAddress = z.object({
  buildingNumber: z.string(),
  entranceNumber: z.string(),
  floor: z.number().int(),
  room: z.string(),
  /** `3-2-401`: building-entrance-room, the way workers write it. */
  label: z.string(),
});

/**
 * A resident as presented to the caller. Optional fields appear only for roles whose duty needs them
 * (ARCHITECTURE.md "Who sees what"); absent means "not yours to see", never "unknown".
 */
export const ZResident = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  relation: z.string(),
  phone: z.string().nullable(),
  preferredLanguage: z.string(),
  careTags: z.array(z.enum(CARE_TAGS)),
  idNumber: z.string().nullable().optional(),
});
export type TResident = z.infer<typeof ZResident>;

export const ZLiaisonContact = z.object({
  tier: z.enum(TIERS),
  name: z.string(),
  phone: z.string().nullable(),
});

export const ZHouseholdSummary = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  address: ZAddress,
  memberCount: z.number().int(),
  careTags: z.array(z.enum(CARE_TAGS)),
});
export type THouseholdSummary = z.infer<typeof ZHouseholdSummary>;

export const ZHousehold = ZHouseholdSummary.extend({
  members: z.array(ZResident),
  /** building leader → party member → group leader → branch → committee: whom to call. */
  liaisonPath: z.array(ZLiaisonContact),
});
export type THousehold = z.infer<typeof ZHousehold>;

/** "yes" / "no" in a query string; absent means either. */
const ZYesNo = z.enum(['yes', 'no']);

/** The filters the households table and the residents table share. */
const ZRegisterFilters = z.object({
  buildingId: z.uuid().optional(),
  /** An entrance number within the building(s), as written on the door: "2". */
  entrance: z.string().trim().min(1).max(20).optional(),
  /** The one search box: an address (`3-2-401`, `3-2`), a name, pinyin initials or a phone's last four digits. */
  q: z.string().trim().max(100).optional(),
  careTag: z.enum(CARE_TAGS).optional(),
  /** Whether the household has a building leader today. */
  hasLeader: ZYesNo.optional(),
});

export const HOUSEHOLD_SORTS = ['address', '-address', 'members', '-members', 'care'] as const;

export const ZHouseholdListQuery = ZRegisterFilters.extend({
  /** `address` (the default), `members` (how many live there), `care` (households with care needs first). */
  sort: z.enum(HOUSEHOLD_SORTS).default('address'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type THouseholdListQuery = z.infer<typeof ZHouseholdListQuery>;

export const ZHouseholdList = z.object({ total: z.number().int(), items: z.array(ZHouseholdSummary) });
export type THouseholdList = z.infer<typeof ZHouseholdList>;

export const AGE_BAND_VALUES = ['0-17', '18-59', '60-79', '80+'] as const;
export const RESIDENT_SORTS = ['address', '-address', 'name', '-name', 'age', '-age'] as const;

export const ZResidentListQuery = ZRegisterFilters.extend({
  ageBand: z.enum(AGE_BAND_VALUES).optional(),
  gender: z.enum(['male', 'female']).optional(),
  /** `address` (the default), `name` (by pinyin), `age` (youngest first; `-age` oldest first). */
  sort: z.enum(RESIDENT_SORTS).default('address'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TResidentListQuery = z.infer<typeof ZResidentListQuery>;

/** One row of the residents table; no ID number (that is in the export, for the roles that may see it). */
export const ZResidentRow = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  relation: z.string(),
  phone: z.string().nullable(),
  careTags: z.array(z.enum(CARE_TAGS)),
  address: ZAddress,
});
export type TResidentRow = z.infer<typeof ZResidentRow>;

export const ZResidentList = z.object({ total: z.number().int(), items: z.array(ZResidentRow) });
export type TResidentList = z.infer<typeof ZResidentList>;

export const HOUSEHOLD_EXPORT_COLUMNS = ['address', 'memberCount', 'careTags', 'hasLeader'] as const;
export const RESIDENT_EXPORT_COLUMNS = [
  'name',
  'address',
  'gender',
  'age',
  'birthDate',
  'relation',
  'phone',
  'careTags',
  'idNumber',
] as const;

/** The columns the table shows, comma-separated; unknown names are refused, none means all. */
function zColumns<T extends string>(names: readonly [T, ...T[]]) {
  return z
    .string()
    .max(300)
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...names];
      const picked = value.split(',').filter(Boolean);
      const unknown = picked.filter((c) => !(names as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown column: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked as T[];
    });
}

export const ZHouseholdExportQuery = ZHouseholdListQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(HOUSEHOLD_EXPORT_COLUMNS),
});
export type THouseholdExportQuery = z.infer<typeof ZHouseholdExportQuery>;

export const ZResidentExportQuery = ZResidentListQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(RESIDENT_EXPORT_COLUMNS),
});
export type TResidentExportQuery = z.infer<typeof ZResidentExportQuery>;
