import { z } from 'zod';
import { TIERS } from '../roles';
import { ZAddress } from './registry';

const ZDate = z.iso.date();

/** One node of the chain from the committee down; `households` counts every household beneath it. */
export type TLiaisonNode = {
  positionId: string;
  tier: (typeof TIERS)[number];
  personName: string;
  phone: string | null;
  households: number;
  children: TLiaisonNode[];
};
export const ZLiaisonNode: z.ZodType<TLiaisonNode> = z.lazy(() =>
  z.object({
    positionId: z.uuid(),
    tier: z.enum(TIERS),
    personName: z.string(),
    phone: z.string().nullable(),
    households: z.number().int(),
    children: z.array(ZLiaisonNode),
  }),
);

export const ZLiaisonTree = z.object({
  communityId: z.uuid(),
  /** Tops of the tree the caller may see: the committee for the community, their own position for chain roles. */
  roots: z.array(ZLiaisonNode),
  householdsWithoutLeader: z.number().int(),
});
export type TLiaisonTree = z.infer<typeof ZLiaisonTree>;
export const ZLiaisonTreeQuery = z.object({ communityId: z.uuid().optional() });

export const ZPositionInput = z.object({
  communityId: z.uuid(),
  tier: z.enum(TIERS),
  personName: z.string().trim().min(1).max(40),
  phone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/)
    .nullable()
    .optional(),
  parentId: z.uuid().nullable(),
  userId: z.uuid().nullable().optional(),
  validFrom: ZDate,
});
export type TPositionInput = z.infer<typeof ZPositionInput>;

export const ZReassignPosition = z.object({ parentId: z.uuid(), validFrom: ZDate });
export const ZEndPosition = z.object({ validTo: ZDate });
export const ZAssignHousehold = z.object({ positionId: z.uuid(), validFrom: ZDate });

/** Who covered whom, from when to when. */
export const ZCoverPeriod = z.object({
  positionId: z.uuid(),
  tier: z.enum(TIERS),
  personName: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export const ZPositionDetail = z.object({
  positionId: z.uuid(),
  communityId: z.uuid(),
  tier: z.enum(TIERS),
  personName: z.string(),
  phone: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  parents: z.array(ZCoverPeriod),
  households: z.array(
    z.object({
      householdId: z.uuid(),
      address: ZAddress,
      validFrom: z.string(),
      validTo: z.string().nullable(),
    }),
  ),
});
export type TPositionDetail = z.infer<typeof ZPositionDetail>;
export const ZHouseholdCoverHistory = z.object({ items: z.array(ZCoverPeriod) });

export const ZCoverageQuery = z.object({
  communityId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(30),
});
export const ZCoverage = z.object({
  communityId: z.uuid(),
  limit: z.number().int(),
  householdsWithoutLeader: z.array(z.object({ householdId: z.uuid(), address: ZAddress })),
  overloadedLeaders: z.array(
    z.object({ positionId: z.uuid(), personName: z.string(), households: z.number().int() }),
  ),
  vacantParents: z.array(
    z.object({
      positionId: z.uuid(),
      tier: z.enum(TIERS),
      personName: z.string(),
      reason: z.enum(['no_parent', 'parent_ended']),
    }),
  ),
  personsInTwoTiers: z.array(
    z.object({ personName: z.string(), phone: z.string().nullable(), tiers: z.array(z.enum(TIERS)) }),
  ),
});
export type TCoverage = z.infer<typeof ZCoverage>;
