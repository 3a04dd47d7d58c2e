import type { Role } from '../shared/roles';

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

export type TaskKey =
  | 'households'
  | 'liveFeed'
  | 'today'
  | 'buildings'
  | 'chain'
  | 'coverage'
  | 'queue'
  | 'registerSearch'
  | 'registerImport'
  | 'welfare'
  | 'myHouseholds'
  | 'bigButtons'
  | 'offline'
  | 'chainFeed'
  | 'overdue'
  | 'sessions'
  | 'signUp'
  | 'checkInOut'
  | 'hours'
  | 'communities'
  | 'monthly'
  | 'users'
  | 'care'
  | 'station'
  | 'deliveries';

/** One thing a person can do from their home page; `to` is set once the screen exists. */
export interface Task {
  key: TaskKey;
  to?: string;
}

const chainTasks: Task[] = [
  { key: 'chainFeed', to: '/reports' },
  { key: 'overdue', to: '/care' },
  { key: 'households', to: '/households' },
  { key: 'registerSearch', to: '/register' },
  { key: 'buildings', to: '/buildings' },
  { key: 'chain', to: '/chain' },
];

/** What each person sees first (SCREENS.md), in the order they would look for it. */
export const ROLE_TASKS: Record<Role, Task[]> = {
  admin: [{ key: 'users' }],
  subdistrict: [
    { key: 'communities' },
    { key: 'monthly' },
    { key: 'households', to: '/households' },
    { key: 'registerSearch', to: '/register' },
    { key: 'buildings', to: '/buildings' },
    { key: 'chain', to: '/chain' },
    { key: 'coverage', to: '/chain/coverage' },
  ],
  committee: [
    { key: 'liveFeed', to: '/reports' },
    { key: 'today' },
    { key: 'care', to: '/care' },
    { key: 'welfare', to: '/welfare' },
    { key: 'station', to: '/service' },
    { key: 'buildings', to: '/buildings' },
    { key: 'chain', to: '/chain' },
    { key: 'coverage', to: '/chain/coverage' },
    { key: 'registerSearch', to: '/register' },
    { key: 'registerImport', to: '/register/import' },
    { key: 'households', to: '/households' },
  ],
  worker: [
    { key: 'queue', to: '/reports' },
    { key: 'care', to: '/care' },
    { key: 'registerSearch', to: '/register' },
    { key: 'registerImport', to: '/register/import' },
    { key: 'buildings', to: '/buildings' },
    { key: 'chain', to: '/chain' },
    { key: 'coverage', to: '/chain/coverage' },
    { key: 'households', to: '/households' },
    { key: 'welfare', to: '/welfare' },
    { key: 'station', to: '/service' },
  ],
  branch: chainTasks,
  group_leader: chainTasks,
  party_member: chainTasks,
  building_leader: [
    { key: 'myHouseholds', to: '/households' },
    { key: 'bigButtons', to: '/reports/new' },
    { key: 'offline', to: '/reports/waiting' },
    { key: 'care', to: '/care' },
    { key: 'deliveries', to: '/service/rounds' },
    { key: 'registerSearch', to: '/register' },
    { key: 'buildings', to: '/buildings' },
  ],
  volunteer: [
    { key: 'sessions', to: '/service/me' },
    { key: 'signUp', to: '/service/me' },
    { key: 'checkInOut', to: '/service/me' },
    { key: 'hours', to: '/service/me' },
  ],
};
