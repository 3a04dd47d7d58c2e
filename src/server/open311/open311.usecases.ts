import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type {
  TOpen311Request,
  TOpen311Service,
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
import { presentRequests, presentServices } from './open311.presenters';
import { open311Reports, placeById, placeByNumbers } from './open311.repository';

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
  if (!ids && !from) {
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
  const rows = await open311Reports(ctx.db, {
    ids,
    serviceCodes: list(query.service_code),
    states,
    from,
    to,
    communityId: query.jurisdiction_id ?? null,
    limit: MAX_RESULTS,
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
    limit: 1,
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

/**
 * A city system posts a report into the community its api_key belongs to. It is saved like any other
 * (responsibility, first escalation step, live feed, audit) with source `open311`; the reporter's name and
 * phone are kept on the report for the handler, never shown by the Open311 GETs. Email is not kept.
 */
export async function createRequest(
  ctx: Open311Context,
  body: z.output<typeof ZOpen311NewRequest>,
  apiKey: string | undefined,
  idempotencyKey: string | undefined,
): Promise<{ service_request_id: string; service_notice: string | null; account_id: string | null }[]> {
  const key: Open311Key | null = checkOpen311Key(apiKey);
  if (!key) throw new AppError('open311.api_key_invalid', {}, 'api_key');
  const category = await findCategory(ctx.db, body.service_code);
  if (!category) throw new AppError('open311.unknown_service', {}, 'service_code');
  const place = await resolvePlace(ctx.db, key.communityId, body);
  const name = personName(body.first_name, body.last_name);
  const input: ReportInput = {
    category: category.code,
    description: body.description,
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
  const notice =
    ctx.lang === 'en'
      ? `${summary.urgencyName}: an answer by ${summary.feedbackDueAt}.`
      : `${summary.urgencyName}：将在 ${summary.feedbackDueAt} 之前答复。`;
  return [{ service_request_id: summary.id, service_notice: notice, account_id: null }];
}
