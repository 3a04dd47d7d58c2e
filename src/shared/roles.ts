/** Every role a Linli account can hold; see ARCHITECTURE.md "Who sees what". */
export const ROLES = [
  'admin',
  'subdistrict',
  'worker',
  'committee',
  'branch',
  'group_leader',
  'party_member',
  'building_leader',
  'volunteer',
] as const;
export type Role = (typeof ROLES)[number];

/** The five tiers of the liaison chain (五联), top first. */
export const TIERS = ['committee', 'branch', 'group_leader', 'party_member', 'building_leader'] as const;
export type Tier = (typeof TIERS)[number];

/** Roles whose scope is a subtree of the liaison chain rather than whole communities. */
export const CHAIN_ROLES: readonly Role[] = ['branch', 'group_leader', 'party_member', 'building_leader'];

export function isChainRole(role: Role): boolean {
  return CHAIN_ROLES.includes(role);
}

export function tierBelow(tier: Tier): Tier | undefined {
  return TIERS[TIERS.indexOf(tier) + 1];
}
