import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/roles';
import type { AuditEntry } from '../../audit/audit.repository';
import type { Actor } from '../../auth/actor';
import { computeScope } from '../../auth/scope';
import { currentScopeVersion } from '../../auth/scopeVersion';
import { findUserById } from '../../auth/users.repository';
import { type Clock, localDate } from '../../clock';
import type { DB } from '../../db/schema';
import type { FeedBus } from '../../reports/feed';
import type { Random } from '../random';

type Action = { at: number; seq: number; run: () => Promise<void> };

/**
 * The community's past, as actions at moments: run in time order, each with the clock set to its
 * moment, so every row, timeline entry and audit entry a use case writes carries the time it
 * happened, and the audit trail is chained in the order things happened. An action may plan later ones.
 */
export class Timeline {
  private readonly actions: Action[] = [];
  private seq = 0;
  private now: Date;

  constructor(start: Date) {
    this.now = start;
  }

  /** The clock the use cases read: the moment of the action running. */
  readonly clock: Clock = () => this.now;

  at(moment: Date, run: () => Promise<void>): void {
    const action = { at: moment.getTime(), seq: this.seq++, run };
    // Binary insertion keeps the list ordered by time, then by the order the actions were planned.
    let low = 0;
    let high = this.actions.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const other = this.actions[mid] as Action;
      if (other.at < action.at || (other.at === action.at && other.seq < action.seq)) low = mid + 1;
      else high = mid;
    }
    this.actions.splice(low, 0, action);
  }

  /** Runs every action planned before `end`, then `after`; later ones (the future) are dropped. */
  async run(end: Date, after: () => Promise<void>): Promise<void> {
    for (let next = this.actions.shift(); next; next = this.actions.shift()) {
      if (next.at > end.getTime()) continue;
      this.now = new Date(next.at);
      await next.run();
      await after();
    }
    this.now = end;
  }
}

/** The live feed during seeding: nobody is watching yet. */
export const SILENT_FEED: FeedBus = {
  publish: async () => undefined,
  subscribe: () => () => undefined,
  subscribeOwn: () => () => undefined,
  close: async () => undefined,
};

export interface HouseholdFacts {
  id: string;
  building: string;
  entrance: number;
  residents: { id: string; name: string; age: number; tags: Set<string> }[];
}

/** What every part of the history needs: the transaction, the clock, the community and its people. */
export interface HistoryContext {
  db: Kysely<DB>;
  timeline: Timeline;
  random: Random;
  feed: FeedBus;
  communityId: string;
  start: Date;
  end: Date;
  actors: Partial<Record<Role, Actor>>;
  households: HouseholdFacts[];
  /** Records an audit entry at its moment on the timeline, for work written without its use case. */
  audit(at: Date, entry: AuditEntry): void;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function later(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms);
}

/** A moment of the community's working day (Beijing time, UTC+8) on the day of `date`, hour in Beijing. */
export function beijingTime(day: Date, hour: number, minute = 0): Date {
  const date = localDate(day);
  return new Date(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
}

/** The days from `start` to `end`, one Date (at 00:00 Beijing) each. */
export function daysBetween(start: Date, end: Date): Date[] {
  const days: Date[] = [];
  for (let day = beijingTime(start, 0); day.getTime() <= end.getTime(); day = later(day, DAY)) {
    days.push(day);
  }
  return days;
}

/** The seeded accounts, signed in as the use cases expect them: with their scope as of `today`. */
export async function actorsOf(db: Kysely<DB>, userIds: Record<string, string>, today: Date) {
  const actors: Partial<Record<Role, Actor>> = {};
  const scopeVersion = await currentScopeVersion(db);
  for (const id of Object.values(userIds)) {
    const user = await findUserById(db, id);
    if (!user) continue;
    actors[user.role] = {
      user,
      sessionId: 'seed-demo',
      csrfToken: '',
      scope: await computeScope(db, user, localDate(today)),
      scopeVersion,
      ip: '127.0.0.1',
    };
  }
  return actors;
}

/** The community's households and their residents, with ages as of `today` and care tags. */
export async function householdsOf(
  db: Kysely<DB>,
  communityId: string,
  today: Date,
): Promise<HouseholdFacts[]> {
  const rows = await db
    .selectFrom('resident')
    .innerJoin('household', 'household.id', 'resident.household_id')
    .innerJoin('building', 'building.id', 'household.building_id')
    .innerJoin('entrance', 'entrance.id', 'household.entrance_id')
    .select([
      'resident.id',
      'resident.name',
      'resident.birth_date',
      'resident.household_id',
      'household.entrance_id',
      'household.building_id',
    ])
    .where('resident.community_id', '=', communityId)
    // Numbers and names, never ids (random UUIDs): the same seed must pick the same households.
    .orderBy('building.number')
    .orderBy('entrance.number')
    .orderBy('household.floor')
    .orderBy('household.room')
    .orderBy('resident.birth_date')
    .orderBy('resident.name')
    .orderBy('resident.relation')
    .execute();
  const tags = await db
    .selectFrom('resident_care_tag')
    .innerJoin('resident', 'resident.id', 'resident_care_tag.resident_id')
    .select(['resident_care_tag.resident_id', 'resident_care_tag.tag'])
    .where('resident.community_id', '=', communityId)
    .execute();
  const tagsOf = new Map<string, Set<string>>();
  for (const t of tags) tagsOf.set(t.resident_id, (tagsOf.get(t.resident_id) ?? new Set()).add(t.tag));
  const year = Number(localDate(today).slice(0, 4));
  const entrances = new Map<string, number>();
  const households = new Map<string, HouseholdFacts>();
  for (const r of rows) {
    if (!entrances.has(r.entrance_id)) entrances.set(r.entrance_id, entrances.size);
    let household = households.get(r.household_id);
    if (!household) {
      household = {
        id: r.household_id,
        building: r.building_id,
        entrance: entrances.get(r.entrance_id) ?? 0,
        residents: [],
      };
      households.set(r.household_id, household);
    }
    household.residents.push({
      id: r.id,
      name: r.name,
      age: year - Number(r.birth_date?.slice(0, 4) ?? year - 40),
      tags: tagsOf.get(r.id) ?? new Set(),
    });
  }
  return [...households.values()];
}
