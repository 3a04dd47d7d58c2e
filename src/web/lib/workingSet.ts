import type { TResidentSearchResult } from '../../shared/contracts/register';
import { ZHousehold } from '../../shared/contracts/registry';
import type { Role } from '../../shared/roles';
import { noteAnswer } from './freshness';
import { API_CACHE } from './offlineProtocol';

/**
 * The roles that work on the stairs. Their phone keeps what a round needs with no signal. None of them may
 * see ID numbers, so keeping their households' pages on the phone reads nothing that must be audited.
 */
const ON_THE_STAIRS: readonly Role[] = ['building_leader', 'party_member', 'group_leader'];

/** A building leader has a few dozen households; a party member a few buildings'. */
const MAX_HOUSEHOLDS = 300;

const LISTS = [
  '/api/v1/auth/me',
  '/api/v1/home',
  '/api/v1/buildings',
  '/api/v1/reports/catalogue',
  '/api/v1/care/checkins/today',
  '/api/v1/care/tasks',
  '/api/v1/care/errands/due',
  // The round of the day, in both walking orders (the page asks for the one she chose), and its tasks.
  '/api/v1/round/today?floors=bottom_up',
  '/api/v1/round/today?floors=top_down',
  '/api/v1/round/tasks',
];

const HOUSEHOLD_PAGE = /^\/api\/v1\/households\/[0-9a-f-]{36}$/;

const online = () => navigator.onLine !== false;

export function keepsWorkingSet(role: Role): boolean {
  return ON_THE_STAIRS.includes(role);
}

/** Fetches one answer from the server and keeps a copy on the phone; null when there is no signal. */
async function keep(cache: Cache, url: string): Promise<unknown> {
  try {
    const response = await fetch(url, {
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (!response.ok) return null;
    const body = await response.json();
    // Kept without `Vary`: the service worker's later request for the same address differs in headers
    // the page cannot set (accept-encoding), and must still find this copy.
    const headers = new Headers(response.headers);
    headers.delete('vary');
    await cache.put(url, new Response(JSON.stringify(body), { status: 200, headers }));
    return body;
  } catch {
    return null;
  }
}

/**
 * Brings the phone's copy of the person's working set up to date: their lists, and each of their
 * households with its members, so a report can be recorded from the home button in a stairwell.
 * The service worker keeps what pages fetch as well; this fills what no page has opened yet, and works
 * before the service worker has taken charge of a first visit.
 */
async function refreshWorkingSet(role: Role): Promise<void> {
  if (!keepsWorkingSet(role) || !globalThis.caches || !online()) return;
  const cache = await caches.open(API_CACHE);
  await Promise.all(LISTS.map((url) => keep(cache, url)));
  const list = (await keep(cache, `/api/v1/households?limit=${MAX_HOUSEHOLDS}&offset=0`)) as {
    items?: { id: string }[];
  } | null;
  // One at a time: a phone on a weak signal should not queue dozens of requests at once.
  for (const household of list?.items ?? []) {
    if (!online()) return;
    await keep(cache, `/api/v1/households/${household.id}`);
  }
}

/** Plain text for matching: no spaces, lower case, `3-2-401` and `3号楼2单元401` alike. */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/号楼|单元|室/g, '-')
    .replace(/-+/g, '-')
    .toLowerCase();
}

/**
 * The household search with no signal: names and addresses of the households kept on the phone. Pinyin
 * initials and phone tails need the server; a name or an address, which is what a building leader types,
 * does not.
 */
export async function searchPhoneCopy(q: string, limit = 10): Promise<TResidentSearchResult | null> {
  if (!globalThis.caches) return null;
  const cache = await caches.open(API_CACHE);
  const wanted = normalise(q);
  const items: TResidentSearchResult['items'] = [];
  let oldest: string | null = null;
  for (const request of await cache.keys()) {
    if (!HOUSEHOLD_PAGE.test(new URL(request.url).pathname)) continue;
    const response = await cache.match(request);
    if (!response) continue;
    const parsed = ZHousehold.safeParse(await response.json());
    if (!parsed.success) continue;
    const household = parsed.data;
    const date = response.headers.get('date');
    if (date && (!oldest || new Date(date) < new Date(oldest))) oldest = date;
    const byAddress = normalise(household.address.label).includes(wanted);
    for (const member of household.members) {
      const byName = normalise(member.name).includes(wanted);
      if (!byName && !byAddress) continue;
      items.push({
        residentId: member.id,
        householdId: household.id,
        name: member.name,
        gender: member.gender,
        age: member.age,
        relation: member.relation,
        careTags: member.careTags,
        address: household.address,
        matchedBy: byName ? 'name' : 'address',
      });
    }
  }
  noteAnswer(oldest ?? new Date(0).toUTCString());
  items.sort((a, b) => a.address.label.localeCompare(b.address.label, 'zh-CN'));
  return { items: items.slice(0, limit) };
}

let refreshing: Promise<void> | null = null;

/**
 * Refreshes the working set now (the caller waits until the first screen is drawn and the phone idle:
 * lib/afterFirstScreen.ts), and again each time the signal returns.
 */
export function keepWorkingSetFresh(role: Role): () => void {
  if (!keepsWorkingSet(role)) return () => undefined;
  const run = () => {
    if (refreshing) return;
    refreshing = refreshWorkingSet(role).finally(() => {
      refreshing = null;
    });
  };
  run();
  window.addEventListener('online', run);
  return () => {
    window.removeEventListener('online', run);
  };
}
