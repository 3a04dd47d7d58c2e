import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  TOpen311Discovery,
  TOpen311Request,
  TOpen311Service,
  TOpen311ServiceDefinition,
  ZOpen311NewRequest,
  ZOpen311RequestsQuery,
} from '../../shared/contracts/open311';
import type { Language } from '../../shared/errors';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import { AppError } from '../http/errors';
import type { FeedBus } from '../reports/feed';
import { catalogue, findCategory } from '../reports/reports.repository';
import { type NewReport, type ReportInput, requestHash, saveReport } from '../reports/reports.usecases';
import { checkOpen311Key, type Open311Key } from './open311.keys';
import { presentRequests, presentServices, w3cDateTime } from './open311.presenters';
import { open311Reports, placeById, placeByNumbers } from './open311.repository';
import { OPEN311_FORMATS } from './open311.xml';

export interface Open311Context {
  db: Kysely<DB>;
  clock: Clock;
  feed: FeedBus;
  lang: Language;
  ip: string;
}

/** The spec's default window when no dates are given, and its cap on one answer. */
const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;

const STATES = {
  open: ['new', 'acknowledged', 'in_progress'],
  closed: ['resolved', 'referred', 'outside_remit', 'merged'],
} as const;

export async function listServices(ctx: Pick<Open311Context, 'db' | 'lang'>): Promise<TOpen311Service[]> {
  return presentServices(await catalogue(ctx.db), ctx.lang);
}

/** GET services/{service_code}: the one service, asking no extra questions. */
export async function getServiceDefinition(
  ctx: Pick<Open311Context, 'db'>,
  code: string,
): Promise<TOpen311ServiceDefinition> {
  const category = code.length <= 40 ? await findCategory(ctx.db, code) : undefined;
  if (!category) throw new AppError('open311.service_not_found');
  return { service_code: category.code, attributes: [] };
}

/** When what this server offers over Open311 last changed: the discovery document's `changeset`. */
const CHANGESET = '2026-12-07T00:00:00+08:00';

/**
 * The service discovery document. Contact and key service come from `LINLI_OPEN311_CONTACT` and
 * `LINLI_OPEN311_KEY_SERVICE`, the endpoint's address from `LINLI_OPEN311_URL` (else the address the caller
 * used), its type from `LINLI_OPEN311_TYPE` (`test`, else `production`); read at each request like the keys.
 */
export function discovery(
  lang: Language,
  requestOrigin: string,
  env: NodeJS.ProcessEnv = process.env,
): TOpen311Discovery {
  const en = lang === 'en';
  return {
    changeset: CHANGESET,
    contact:
      env.LINLI_OPEN311_CONTACT || (en ? 'Please contact the community office.' : '请联系社区居委会。'),
    key_service:
      env.LINLI_OPEN311_KEY_SERVICE ||
      (en
        ? 'The community office gives out the api_key for posting requests; each key posts into one community.'
        : '提交诉求用的 api_key 由社区居委会发放，每个 key 只能向一个社区提交。'),
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: env.LINLI_OPEN311_URL || `${requestOrigin}/open311/v2`,
        changeset: CHANGESET,
        type: env.LINLI_OPEN311_TYPE === 'test' ? 'test' : 'production',
        formats: Object.values(OPEN311_FORMATS).map((type) => type.split(';')[0] as string),
      },
    ],
  };
}

/** A comma-separated list; empty counts as not given. */
function list(value: string | undefined): string[] | null {
  const items = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items.length > 0 ? items : null;
}

/** A W3C datetime (ISO 8601: a date, or a date and time with a zone) as an instant. */
function w3cDate(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const v = value.trim();
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(v) ||
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v);
  const ms = Date.parse(v);
  if (!ok || Number.isNaN(ms)) throw new AppError('open311.invalid_date');
  return new Date(ms).toISOString();
}

export async function listRequests(
  ctx: Open311Context,
  query: z.output<typeof ZOpen311RequestsQuery>,
): Promise<TOpen311Request[]> {
  const key = checkOpen311Key(query.api_key);
  const ids = list(query.service_request_id);
  let from = w3cDate(query.start_date);
  const to = w3cDate(query.end_date);
  const updatedAfter = w3cDate(query.updated_after);
  const updatedBefore = w3cDate(query.updated_before);
  // A pull of changes is bounded by them: a report made long ago and closed today is such a change.
  if (!ids && !from && !updatedAfter && !updatedBefore) {
    const end = to ? Date.parse(to) : ctx.clock().getTime();
    from = new Date(end - DEFAULT_DAYS * 86_400_000).toISOString();
  }
  const statuses = list(query.status);
  let states: string[] | null = null;
  if (statuses) {
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) {
      throw new AppError('request.invalid', { detail: 'status' }, 'status');
    }
    states = statuses.flatMap((s) => STATES[s as 'open' | 'closed']);
  }
  const pageSize = query.page_size ?? MAX_RESULTS;
  const rows = await open311Reports(ctx.db, {
    ids,
    serviceCodes: list(query.service_code),
    states,
    from,
    to,
    communityId: query.jurisdiction_id ?? null,
    updatedAfter,
    updatedBefore,
    limit: pageSize,
    offset: ((query.page ?? 1) - 1) * pageSize,
  });
  return presentRequests(ctx.db, rows, { lang: ctx.lang, descriptionsFor: key?.communityId ?? null });
}

export async function getRequest(
  ctx: Open311Context,
  id: string,
  apiKey: string | undefined,
): Promise<TOpen311Request[]> {
  const key = checkOpen311Key(apiKey);
  if (id.length === 0 || id.length > 100 || id.includes('/')) throw new AppError('reports.not_found');
  const rows = await open311Reports(ctx.db, {
    ids: [id],
    serviceCodes: null,
    states: null,
    from: null,
    to: null,
    communityId: null,
    updatedAfter: null,
    updatedBefore: null,
    limit: 1,
    offset: 0,
  });
  if (rows.length === 0) throw new AppError('reports.not_found');
  return presentRequests(ctx.db, rows, { lang: ctx.lang, descriptionsFor: key?.communityId ?? null });
}

/** `3-2`, `3-2-401`, `3号楼2单元401室`, `幸福里 3号楼 2单元`: building, entrance, room. */
export function parseAddress(
  text: string,
): { building: string; entrance: string | null; room: string | null } | null {
  const t = text.normalize('NFKC').trim();
  const dashed = /^([0-9A-Za-z]+)\s*-\s*([0-9A-Za-z]+)(?:\s*-\s*([0-9A-Za-z]+))?$/.exec(t);
  if (dashed)
    return { building: dashed[1] as string, entrance: dashed[2] as string, room: dashed[3] ?? null };
  const named =
    /([0-9A-Za-z]+)\s*(?:号楼|栋|幢)\s*(?:([0-9A-Za-z]+)\s*(?:单元|门))?\s*(?:([0-9A-Za-z]+)\s*(?:室|号)?)?$/.exec(
      t,
    );
  if (named) return { building: named[1] as string, entrance: named[2] ?? null, room: named[3] ?? null };
  return null;
}

async function resolvePlace(db: Kysely<DB>, communityId: string, body: z.output<typeof ZOpen311NewRequest>) {
  if (body.address_id) {
    const place = await placeById(db, communityId, body.address_id);
    if (!place) throw new AppError('open311.unknown_address', {}, 'address_id');
    return { ...place, householdId: null };
  }
  if (!body.address_string) throw new AppError('open311.address_required', {}, 'address_string');
  const numbers = parseAddress(body.address_string);
  const place = numbers ? await placeByNumbers(db, communityId, numbers) : null;
  if (!place) throw new AppError('open311.unknown_address', {}, 'address_string');
  return place;
}

const CJK = /\p{Script=Han}/u;

function personName(first: string | undefined, last: string | undefined): string | undefined {
  const parts = [first?.trim(), last?.trim()].filter((s): s is string => Boolean(s));
  if (parts.length === 0) return undefined;
  // Chinese names are surname first: last_name, then first_name, with no space.
  const name = parts.some((p) => CJK.test(p)) ? [...parts].reverse().join('') : parts.join(' ');
  return name.slice(0, 40);
}

/** The longest description a report takes (the staff form's limit too). */
const MAX_DESCRIPTION = 4000;

/** The description with the service's extra answers after it, where the handler reads the report. */
function withAnswers(description: string, answers: Record<string, string> | undefined): string {
  const answered = Object.entries(answers ?? {}).filter(([, value]) => value.length > 0);
  if (answered.length === 0) return description;
  const text = [
    description,
    '',
    '补充信息（extra answers）：',
    ...answered.map(([k, v]) => `- ${k}：${v}`),
  ].join('\n');
  if (text.length > MAX_DESCRIPTION) throw new AppError('open311.too_long', {}, 'attribute');
  return text;
}

const given = (value: string | number | undefined) => value !== undefined && String(value).trim() !== '';

/** What a client sent that Linli takes but does not keep, so the notice can say so. */
function notKept(body: z.output<typeof ZOpen311NewRequest>): string[] {
  return [
    given(body.lat) || given(body.long) ? 'lat/long' : null,
    given(body.media_url) ? 'media_url' : null,
    given(body.email) ? 'email' : null,
  ].filter((field): field is string => field !== null);
}

/**
 * A city system posts a report into the community its api_key belongs to; a `jurisdiction_id` it sends
 * must be that community. The report is saved like any other (responsibility, first escalation step, live
 * feed, audit) with source `open311`; the reporter's name and phone are kept on the report for the handler,
 * never shown by the Open311 GETs, and extra answers (`attribute[…]`) follow the description. Coordinates,
 * media URLs and email are taken but not kept, and the notice says so.
 */
export async function createRequest(
  ctx: Open311Context,
  body: z.output<typeof ZOpen311NewRequest>,
  query: { api_key?: string | undefined; jurisdiction_id?: string | undefined },
  idempotencyKey: string | undefined,
): Promise<{ service_request_id: string; service_notice: string | null; account_id: string | null }[]> {
  const key: Open311Key | null = checkOpen311Key(body.api_key ?? query.api_key);
  if (!key) throw new AppError('open311.api_key_invalid', {}, 'api_key');
  const jurisdiction = body.jurisdiction_id ?? query.jurisdiction_id;
  if (given(jurisdiction) && jurisdiction !== key.communityId) {
    throw new AppError('open311.jurisdiction_not_found', {}, 'jurisdiction_id');
  }
  const category = await findCategory(ctx.db, body.service_code);
  if (!category) throw new AppError('open311.unknown_service', {}, 'service_code');
  const place = await resolvePlace(ctx.db, key.communityId, body);
  const name = personName(body.first_name, body.last_name);
  const input: ReportInput = {
    category: category.code,
    description: withAnswers(body.description, body.attribute),
    buildingId: place.buildingId,
    ...(place.entranceId ? { entranceId: place.entranceId } : {}),
    ...(place.householdId ? { householdId: place.householdId } : {}),
    ...(name ? { onBehalfOfName: name } : {}),
  };
  const report: NewReport = {
    input,
    communityId: key.communityId,
    // The column is text; `open311` tells these reports apart from staff and public-page ones.
    source: 'open311',
    recordedByUserId: null,
    recordedByPositionId: null,
    reporterPhone: body.phone ? body.phone.slice(0, 40) : null,
  };
  const summary = await saveReport(
    ctx,
    report,
    idempotencyKey
      ? { key: `open311:${key.label}:${idempotencyKey}`, hash: requestHash({ ...body, api_key: undefined }) }
      : null,
    {
      action: 'reports.create',
      outcome: 'success',
      actorUserId: null,
      actorRole: 'open311',
      ip: ctx.ip,
      detail: { source: 'open311', key: key.label },
    },
  );
  const due = w3cDateTime(summary.feedbackDueAt);
  const dropped = notKept(body);
  const notice =
    ctx.lang === 'en'
      ? [
          `${summary.urgencyName}: an answer by ${due}.`,
          dropped.length > 0 ? `Received but not stored: ${dropped.join(', ')}.` : null,
        ]
      : [
          `${summary.urgencyName}：将在 ${due} 之前答复。`,
          dropped.length > 0 ? `收到的 ${dropped.join('、')} 没有保存。` : null,
        ];
  return [
    {
      service_request_id: summary.id,
      service_notice: notice.filter(Boolean).join(' '),
      account_id: null,
    },
  ];
}
