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
  | 'deliveries'
  | 'round'
  | 'outreach';

/**
 * One thing a person can do from their home page; `to` is set once the screen exists. `text` and
 * `action` are the words' keys when the card says a task and its button what it does (else the
 * card's `tasks.<key>` and "打开").
 */
export interface Task {
  key: TaskKey;
  to?: string;
  text?: string;
  action?: string;
}

/** A task in plain words: what it is for and, on its button, what it does. */
function plain(key: TaskKey & keyof typeof PLAIN_KEYS, to: string): Task {
  return { key, to, text: `plain.task.${PLAIN_KEYS[key]}`, action: `plain.task.${PLAIN_KEYS[key]}Action` };
}

const PLAIN_KEYS = {
  myHouseholds: 'myHouseholds',
  round: 'round',
  deliveries: 'deliveries',
  registerSearch: 'registerSearch',
  buildings: 'buildings',
  care: 'care',
  chainFeed: 'chainFeed',
  overdue: 'overdue',
  households: 'households',
  chain: 'chain',
} as const;

/** 走访名单 (issue 23): the doors of a planned round of visits, and what happened at each. */
const outreach: Task = {
  key: 'outreach',
  to: '/outreach',
  text: 'outreach.task',
  action: 'outreach.taskAction',
};

const chainTasks: Task[] = [
  plain('chainFeed', '/reports'),
  outreach,
  plain('overdue', '/care'),
  plain('households', '/households'),
  plain('registerSearch', '/register'),
  plain('buildings', '/buildings'),
  plain('chain', '/chain'),
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
    outreach,
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
    outreach,
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
    outreach,
  ],
  branch: chainTasks,
  group_leader: chainTasks,
  party_member: chainTasks,
  // What to do today (check-ins, visits, errands, reports) comes first on the page from real data;
  // these are the places to go, each button saying what it does.
  building_leader: [
    plain('round', '/round'),
    outreach,
    plain('myHouseholds', '/households'),
    plain('care', '/care'),
    plain('deliveries', '/service/rounds'),
    plain('registerSearch', '/register'),
    plain('buildings', '/buildings'),
  ],
  volunteer: [
    { key: 'sessions', to: '/service/me' },
    { key: 'signUp', to: '/service/me' },
    { key: 'checkInOut', to: '/service/me' },
    { key: 'hours', to: '/service/me' },
  ],
};
