import type { Kysely } from 'kysely';
import type { ReportState, TReportSummary } from '../../shared/contracts/reports';
import type { Language } from '../../shared/errors';
import type { Tier } from '../../shared/roles';
import type { DB, ReportTable } from '../db/schema';
import { catalogue, placesOf, positionsById, usersById } from './reports.repository';

/** Who recorded a report that no signed-in person recorded, by where it came from. */
const UNSIGNED_REPORTER: Record<string, Record<Language, string>> = {
  public: { 'zh-CN': '居民本人（公开页面）', en: 'The resident (public page)' },
  open311: { 'zh-CN': '市民热线系统（Open311）', en: 'City service system (Open311)' },
  staff: { 'zh-CN': '系统', en: 'The system' },
};

/** Names the caller already holds, for a report it has just saved: each spares a query. */
export interface KnownNames {
  /** Household id → its address as `building-entrance-room`. */
  households?: ReadonlyMap<string, string>;
  positions?: ReadonlyMap<string, { person_name: string; phone: string | null; tier: string }>;
  /** User id → display name. */
  users?: ReadonlyMap<string, string>;
  /** Report id → when its open escalation step is due. */
  openSteps?: ReadonlyMap<string, string>;
}

/** The ids `known` does not hold, once each. */
function unknownIds(
  ids: readonly (string | null)[],
  known: ReadonlyMap<string, unknown> | undefined,
): string[] {
  return [...new Set(ids.filter((x): x is string => x !== null && !known?.has(x)))];
}

const merged = <T>(loaded: Map<string, T>, known: ReadonlyMap<string, T> | undefined): Map<string, T> =>
  known ? new Map([...loaded, ...known]) : loaded;

/**
 * Summaries of reports in the caller's language, reading the names they need in a few queries
 * (the feed presents one report for many screens; lists present many at once), and none it is given.
 */
export async function presentSummaries(
  db: Kysely<DB>,
  rows: readonly ReportTable[],
  lang: Language,
  known: KnownNames = {},
): Promise<TReportSummary[]> {
  if (rows.length === 0) return [];
  const [names, loadedPlaces, loadedPositions, loadedUsers, residents, loadedSteps] = await Promise.all([
    catalogue(db),
    placesOf(
      db,
      rows.filter((r) => !(r.household_id && known.households?.has(r.household_id))),
    ),
    positionsById(
      db,
      unknownIds(
        rows.map((r) => r.responsible_position_id),
        known.positions,
      ),
    ),
    usersById(
      db,
      unknownIds(
        rows.map((r) => r.recorded_by_user_id),
        known.users,
      ),
    ),
    residentNames(
      db,
      rows.map((r) => r.on_behalf_of_resident_id).filter((x): x is string => x !== null),
    ),
    openSteps(
      db,
      unknownIds(
        rows.map((r) => r.id),
        known.openSteps,
      ),
    ),
  ]);
  const places = { ...loadedPlaces, households: merged(loadedPlaces.households, known.households) };
  const positions = merged(loadedPositions, known.positions);
  const users = merged(loadedUsers, known.users);
  const steps = merged(loadedSteps, known.openSteps);
  const category = new Map(names.categories.map((c) => [c.code, lang === 'en' ? c.name_en : c.name_zh]));
  const urgency = new Map(names.urgencies.map((u) => [u.code, lang === 'en' ? u.name_en : u.name_zh]));
  return rows.map((r) => {
    const position = r.responsible_position_id ? positions.get(r.responsible_position_id) : undefined;
    return {
      id: r.id,
      communityId: r.community_id,
      category: r.category,
      categoryName: category.get(r.category) ?? r.category,
      urgency: r.urgency,
      urgencyName: urgency.get(r.urgency) ?? r.urgency,
      emergency: r.urgency === 'emergency',
      state: r.state as ReportState,
      place: placeLabel(r, places, lang),
      householdId: r.household_id,
      buildingId: r.building_id,
      description: r.description,
      recordedBy: r.recorded_by_user_id
        ? (users.get(r.recorded_by_user_id) ?? null)
        : ((UNSIGNED_REPORTER[r.source] ?? UNSIGNED_REPORTER.staff)?.[lang] ?? null),
      onBehalfOf: r.on_behalf_of_resident_id
        ? (residents.get(r.on_behalf_of_resident_id) ?? null)
        : r.on_behalf_of_name,
      responsibleTier: r.responsible_tier as Tier,
      responsible: position
        ? { name: position.person_name, tier: position.tier as Tier, phone: position.phone }
        : null,
      createdAt: r.created_at,
      feedbackDueAt: r.feedback_due_at,
      ackDueAt: steps.get(r.id) ?? null,
      acknowledgedAt: r.acknowledged_at,
      closedAt: r.closed_at,
    };
  });
}

function placeLabel(r: ReportTable, places: Awaited<ReturnType<typeof placesOf>>, lang: Language): string {
  if (r.household_id) return places.households.get(r.household_id) ?? '';
  const building = r.building_id ? places.buildings.get(r.building_id) : undefined;
  const entrance = r.entrance_id ? places.entrances.get(r.entrance_id) : undefined;
  if (lang === 'en')
    return [building && `Building ${building}`, entrance && `entrance ${entrance}`]
      .filter(Boolean)
      .join(', ');
  return [building && `${building}号楼`, entrance && `${entrance}单元`].filter(Boolean).join(' ');
}

async function residentNames(db: Kysely<DB>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('resident').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function openSteps(db: Kysely<DB>, reportIds: readonly string[]) {
  if (reportIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('report_escalation')
    .select(['report_id', 'due_at'])
    .where('report_id', 'in', reportIds)
    .where('done_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.report_id, r.due_at]));
}
