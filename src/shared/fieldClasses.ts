import type { Role } from './roles';

/**
 * Classes of personal information, from the table "Who sees what" in ARCHITECTURE.md.
 * contact and care reach the people who serve a household; the last four are sensitive (PIPL)
 * and every read of them is written to the audit trail.
 */
export const FIELD_CLASSES = ['contact', 'care', 'identity', 'health', 'finance', 'keys'] as const;
export type FieldClass = (typeof FIELD_CLASSES)[number];

export const AUDITED_FIELD_CLASSES: readonly FieldClass[] = ['identity', 'health', 'finance', 'keys'];

/**
 * Which classes a role may see within its scope. `keys` for chain roles is further limited to the
 * holder of the key, which the care area checks record by record.
 */
export const ROLE_FIELD_CLASSES: Record<Role, readonly FieldClass[]> = {
  admin: [],
  subdistrict: ['contact', 'care', 'identity', 'finance'],
  worker: ['contact', 'care', 'identity', 'health', 'finance', 'keys'],
  committee: ['contact', 'care', 'identity', 'health', 'finance', 'keys'],
  branch: ['contact', 'care'],
  group_leader: ['contact', 'care'],
  party_member: ['contact', 'care'],
  building_leader: ['contact', 'care'],
  volunteer: ['contact', 'care'],
};
