import type { Role } from '../../../shared/roles';

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
    { key: 'communities', to: '/subdistrict' },
    { key: 'monthly', to: '/monthly-report' },
    { key: 'households', to: '/households' },
    { key: 'registerSearch', to: '/register' },
    { key: 'buildings', to: '/buildings' },
    { key: 'chain', to: '/chain' },
    { key: 'coverage', to: '/chain/coverage' },
  ],
  committee: [
    { key: 'liveFeed', to: '/reports' },
    { key: 'today', to: '/#today-desk' },
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
