import type { Role } from '../../shared/roles';

/** Roles that may change the register, import it and manage the chain (mirrors `register.write`). */
export const REGISTER_WRITE_ROLES: readonly Role[] = ['worker', 'committee'];

export function canWriteRegister(role: Role): boolean {
  return REGISTER_WRITE_ROLES.includes(role);
}

/** Roles that may read the household register (mirrors the server's `registry.read`; the server decides). */
export const REGISTRY_ROLES: readonly Role[] = [
  'subdistrict',
  'worker',
  'committee',
  'branch',
  'group_leader',
  'party_member',
  'building_leader',
];

/** Roles that record and handle reports (mirrors `reports.create` / `reports.handle`; the server decides). */
export const REPORT_ROLES: readonly Role[] = [
  'worker',
  'committee',
  'branch',
  'group_leader',
  'party_member',
  'building_leader',
];

export function canCreateReports(role: Role): boolean {
  return REPORT_ROLES.includes(role);
}

export function canHandleReports(role: Role): boolean {
  return REPORT_ROLES.includes(role);
}

/** Roles that record check-ins and visits (mirrors `care.record`; the server decides). */
export const CARE_RECORD_ROLES: readonly Role[] = [
  'worker',
  'committee',
  'branch',
  'group_leader',
  'party_member',
  'building_leader',
];

export function canRecordCare(role: Role): boolean {
  return CARE_RECORD_ROLES.includes(role);
}

/** Roles that create and change care plans and declare major events (mirrors `care.plan`, `care.events`). */
export function canManageCare(role: Role): boolean {
  return role === 'worker' || role === 'committee';
}

/** Roles that run the service station: plan sessions, check volunteers in and out (mirrors `service.manage`). */
export function canRunStation(role: Role): boolean {
  return role === 'worker' || role === 'committee';
}

/** Roles that book residents for a service session (mirrors `service.book`; the server decides). */
export function canBookService(role: Role): boolean {
  return canRunStation(role) || CARE_RECORD_ROLES.includes(role);
}

/** Whose home shows the live feed: the committee, the community workers and the tiers above a building leader. */
export const FEED_ROLES: readonly Role[] = ['committee', 'worker', 'branch', 'group_leader', 'party_member'];

/** Recording facts, evaluating, filing and publishing (mirrors `welfare.write`; the server decides). */
export function canWriteWelfare(role: Role): boolean {
  return role === 'worker' || role === 'committee';
}

/** Emergency aid, granted within the role's limit or asked for above it (mirrors `welfare.grant`). */
export function canGrantAid(role: Role): boolean {
  return role === 'subdistrict' || role === 'worker' || role === 'committee';
}

/** The committee's review of applications (mirrors `welfare.review`). */
export function canReviewWelfare(role: Role): boolean {
  return role === 'committee';
}

/** Who may open a household's facts and decisions (mirrors `welfare.read`). */
export function canReadWelfare(role: Role): boolean {
  return role === 'subdistrict' || canWriteWelfare(role);
}
