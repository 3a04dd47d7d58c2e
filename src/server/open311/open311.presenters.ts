import type { Kysely } from 'kysely';
import type { TOpen311Request, TOpen311Service } from '../../shared/contracts/open311';
import type { Language } from '../../shared/errors';
import { TIERS, type Tier } from '../../shared/roles';
import type { DB } from '../db/schema';
import { TIER_NAMES } from '../reports/rates.usecases';
import { catalogue } from '../reports/reports.repository';
import { buildingsAndEntrances, type Open311ReportRow } from './open311.repository';

type Catalogue = Awaited<ReturnType<typeof catalogue>>;

const OPEN_STATES = new Set(['new', 'acknowledged', 'in_progress']);

const STATUS_NOTES: Record<string, Record<Language, string>> = {
  new: { 'zh-CN': '已收到，等待{tier}确认。', en: 'Received; waiting for the {tier} to acknowledge it.' },
  acknowledged: { 'zh-CN': '{tier}已确认，将尽快处理。', en: 'Acknowledged by the {tier}.' },
  in_progress: { 'zh-CN': '{tier}正在处理。', en: 'Being handled by the {tier}.' },
  resolved: { 'zh-CN': '已办结。', en: 'Resolved.' },
  referred: { 'zh-CN': '已转交{agency}办理。', en: 'Referred to {agency}.' },
  outside_remit: {
    'zh-CN': '不属于社区的受理范围，已告知居民可以去哪里办理。',
    en: 'Outside the community’s remit; the resident was told where to turn.',
  },
  merged: {
    'zh-CN': '与同一问题的另一条诉求合并：{into}。',
    en: 'Merged into request {into} about the same problem.',
  },
};

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
}

const tierName = (tier: string, lang: Language) =>
  (TIERS as readonly string[]).includes(tier) ? TIER_NAMES[tier as Tier][lang] : tier;

/**
 * A stored instant as the spec's W3C datetime with the community's own offset, China Standard Time:
 * `2026-11-29T10:00:00+08:00`, to the second like the spec's examples.
 */
export function w3cDateTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

export function serviceNotice(
  urgency: { name_zh: string; name_en: string; feedback_hours: number } | undefined,
  lang: Language,
): string | null {
  if (!urgency) return null;
  return lang === 'en'
    ? `${urgency.name_en}: an answer within ${urgency.feedback_hours} hours.`
    : `${urgency.name_zh}：${urgency.feedback_hours} 小时内答复。`;
}

export function presentServices(names: Catalogue, lang: Language): TOpen311Service[] {
  const urgency = new Map(names.urgencies.map((u) => [u.code, u]));
  return names.categories
    .filter((c) => c.active === 1)
    .map((c) => {
      const u = urgency.get(c.default_urgency);
      return {
        service_code: c.code,
        service_name: lang === 'en' ? c.name_en : c.name_zh,
        description: [lang === 'en' ? c.name_en : c.name_zh, serviceNotice(u, lang)]
          .filter(Boolean)
          .join(lang === 'en' ? '. ' : '。'),
        metadata: false,
        type: 'realtime' as const,
        keywords: [c.code, c.name_zh, c.name_en].join(','),
        // The categories are grouped by how urgent they are by default, as a city's 12345 desk sorts them.
        group: u ? (lang === 'en' ? u.name_en : u.name_zh) : c.default_urgency,
      };
    });
}

/**
 * Reports as GeoReport v2 requests. Nothing personal leaves: no phone, no names, no household or room —
 * the address stops at building and entrance. The description is given only to a caller holding an
 * api_key for the report's community, because staff write residents' circumstances into it.
 */
export async function presentRequests(
  db: Kysely<DB>,
  rows: readonly Open311ReportRow[],
  options: { lang: Language; descriptionsFor: string | null },
): Promise<TOpen311Request[]> {
  if (rows.length === 0) return [];
  const { lang } = options;
  const buildingOf = (r: Open311ReportRow) => r.household_building_id ?? r.building_id;
  const entranceOf = (r: Open311ReportRow) => r.household_entrance_id ?? r.entrance_id;
  const [names, places] = await Promise.all([
    catalogue(db),
    buildingsAndEntrances(
      db,
      [...new Set(rows.map(buildingOf).filter((x): x is string => x !== null))],
      [...new Set(rows.map(entranceOf).filter((x): x is string => x !== null))],
    ),
  ]);
  const category = new Map(names.categories.map((c) => [c.code, lang === 'en' ? c.name_en : c.name_zh]));
  const urgency = new Map(names.urgencies.map((u) => [u.code, u]));
  return rows.map((r) => {
    const buildingId = buildingOf(r);
    const entranceId = entranceOf(r);
    const b = buildingId ? places.buildings.get(buildingId) : undefined;
    const e = entranceId ? places.entrances.get(entranceId) : undefined;
    const place =
      lang === 'en'
        ? [b && `Building ${b}`, e && `entrance ${e}`].filter(Boolean).join(', ')
        : [b && `${b}号楼`, e && `${e}单元`].filter(Boolean).join(' ');
    const tier = tierName(r.responsible_tier, lang);
    const agency = r.state === 'referred' && r.referred_to ? r.referred_to : `${r.community_name} ${tier}`;
    const notes = STATUS_NOTES[r.state];
    return {
      service_request_id: r.id,
      status: OPEN_STATES.has(r.state) ? ('open' as const) : ('closed' as const),
      status_notes: notes
        ? fill(notes[lang], { tier, agency: r.referred_to ?? '', into: r.merged_into ?? '' })
        : null,
      service_name: category.get(r.category) ?? null,
      service_code: r.category,
      description: options.descriptionsFor === r.community_id ? r.description : null,
      agency_responsible: agency,
      service_notice: serviceNotice(urgency.get(r.urgency), lang),
      requested_datetime: w3cDateTime(r.created_at),
      updated_datetime: w3cDateTime(r.updated_at ?? r.created_at),
      expected_datetime: w3cDateTime(r.feedback_due_at),
      address: [r.community_name, place].filter(Boolean).join(lang === 'en' ? ', ' : ' '),
      address_id: entranceId ?? buildingId,
      zipcode: null,
      lat: null,
      long: null,
      media_url: null,
    };
  });
}
