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

/** Roles that read care plans, check-ins and visit rates (mirrors `care.read`): the recorders and the subdistrict. */
export function canReadCare(role: Role): boolean {
  return role === 'subdistrict' || CARE_RECORD_ROLES.includes(role);
}

/** Roles that export the care plans and check-ins (mirrors `care.export`). */
export function canExportCare(role: Role): boolean {
  return role === 'subdistrict' || canManageCare(role);
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

/** The areas of the desk's side menu, in the order an office works through them. */
export type DeskArea =
  | 'home'
  | 'reports'
  | 'register'
  | 'buildings'
  | 'care'
  | 'welfare'
  | 'service'
  | 'chain'
  | 'monthly'
  | 'outreach';

/** The desk menu's areas a role may use, each with where it opens (the server still decides every read). */
export function deskAreas(role: Role): { area: DeskArea; to: string }[] {
  const areas: { area: DeskArea; to: string }[] = [{ area: 'home', to: '/' }];
  if (REPORT_ROLES.includes(role) || role === 'subdistrict') areas.push({ area: 'reports', to: '/reports' });
  if (REGISTRY_ROLES.includes(role)) {
    areas.push({ area: 'register', to: '/households' });
    areas.push({ area: 'buildings', to: '/buildings' });
  }
  if (canReadCare(role)) areas.push({ area: 'care', to: '/care' });
  if (canReadWelfare(role)) areas.push({ area: 'welfare', to: '/welfare' });
  if (canRunStation(role)) areas.push({ area: 'service', to: '/service' });
  else if (role === 'volunteer') areas.push({ area: 'service', to: '/service/me' });
  else if (role === 'building_leader') areas.push({ area: 'service', to: '/service/rounds' });
  if (REGISTRY_ROLES.includes(role) && role !== 'building_leader')
    areas.push({ area: 'chain', to: '/chain' });
  if (role === 'committee' || role === 'worker' || role === 'subdistrict')
    areas.push({ area: 'monthly', to: '/monthly-report' });
  if (REGISTRY_ROLES.includes(role)) areas.push({ area: 'outreach', to: '/outreach' });
  return areas;
}
