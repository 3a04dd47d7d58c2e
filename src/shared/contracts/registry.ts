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

export const ZHouseholdListQuery = z.object({
  buildingId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type THouseholdListQuery = z.infer<typeof ZHouseholdListQuery>;

export const ZHouseholdList = z.object({ total: z.number().int(), items: z.array(ZHouseholdSummary) });
export type THouseholdList = z.infer<typeof ZHouseholdList>;
