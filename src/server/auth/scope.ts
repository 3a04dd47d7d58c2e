import type { Kysely } from 'kysely';
import { subtreeOf } from '../../domain/liaison/subtree';
import { type FieldClass, ROLE_FIELD_CLASSES } from '../../shared/fieldClasses';
import { isChainRole, type Role } from '../../shared/roles';
import type { DB } from '../db/schema';
import {
  communitiesOfSubdistrict,
  currentAssignedHouseholds,
  currentPositionsInCommunity,
} from './scope.repository';
import type { UserRecord } from './users.repository';

/**
 * What the caller may see: computed once per request from their role and their place in the liaison
 * chain, handed to every use case, and applied by every repository query.
 */
export interface Scope {
  userId: string;
  role: Role;
  communityIds: readonly string[];
  /** null: every household of `communityIds`; otherwise exactly these. */
  householdIds: ReadonlySet<string> | null;
  fieldClasses: ReadonlySet<FieldClass>;
  /** The caller's own current positions in the chain. */
  positionIds: ReadonlySet<string>;
  /** Their positions and every position beneath them; null for community-wide roles. */
  chainPositionIds: ReadonlySet<string> | null;
}

const NOTHING: Pick<Scope, 'communityIds' | 'householdIds' | 'positionIds' | 'chainPositionIds'> = {
  communityIds: [],
  householdIds: new Set(),
  positionIds: new Set(),
  chainPositionIds: new Set(),
};

export async function computeScope(db: Kysely<DB>, user: UserRecord, today: string): Promise<Scope> {
  const base = { userId: user.id, role: user.role, fieldClasses: new Set(ROLE_FIELD_CLASSES[user.role]) };
  switch (user.role) {
    case 'admin':
    case 'volunteer':
      // Volunteers see the people they serve in a session; sessions arrive with the service station.
      return { ...base, ...NOTHING };
    case 'subdistrict': {
      const communityIds = user.subdistrictId ? await communitiesOfSubdistrict(db, user.subdistrictId) : [];
      return { ...base, communityIds, householdIds: null, positionIds: new Set(), chainPositionIds: null };
    }
    case 'worker':
    case 'committee':
      return {
        ...base,
        communityIds: user.communityId ? [user.communityId] : [],
        householdIds: null,
        positionIds: new Set(),
        chainPositionIds: null,
      };
    case 'branch':
    case 'group_leader':
    case 'party_member':
    case 'building_leader':
      return { ...base, ...(await chainScope(db, user, today)) };
  }
}

async function chainScope(db: Kysely<DB>, user: UserRecord, today: string) {
  if (!user.communityId || !isChainRole(user.role)) return NOTHING;
  const positions = await currentPositionsInCommunity(db, user.communityId, today);
  const own = positions.filter((p) => p.userId === user.id).map((p) => p.id);
  if (own.length === 0) return NOTHING;
  const subtree = subtreeOf(positions, own);
  const householdIds = await currentAssignedHouseholds(db, [...subtree], today);
  return {
    communityIds: [user.communityId],
    householdIds: new Set(householdIds),
    positionIds: new Set(own),
    chainPositionIds: subtree,
  };
}

export function canSee(scope: Scope, fieldClass: FieldClass): boolean {
  return scope.fieldClasses.has(fieldClass);
}
