import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import { ZIdParam } from '../../shared/contracts/registry';
import {
  ZCoverageQuery,
  ZDoor,
  ZDoorInput,
  ZRoundCoverage,
  ZRoundHouseholdSettings,
  ZRoundHouseholdSettingsAnswer,
  ZRoundItemList,
  ZRoundItemsInput,
  ZRoundTaskList,
  ZRoundToday,
  ZRoundTodayQuery,
  ZSignalList,
  ZSignalQuery,
  ZSubscription,
  ZSubscriptionInput,
  ZSubscriptionList,
  ZSubscriptionQuery,
  ZWaitingList,
  ZWaitingQuery,
} from '../../shared/contracts/round';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import type { FeedBus } from '../reports/feed';
import {
  coverage,
  createSubscription,
  listSignals,
  listSubscriptions,
  listWaiting,
  logItems,
  myTasks,
  recordDoor,
  roundToday,
  setHouseholdSettings,
  stopSubscription,
} from './round.usecases';

/** The building leader's round (issue 19); the contract lists every endpoint (shared/contracts/round.ts). */
export function roundRoutes(deps: { database: Database; clock: Clock; feed: FeedBus }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), feed: deps.feed, lang: requestLanguage(req) });
    const tags = ['round'];
    const BASE = '/api/v1/round';

    api.post(
      `${BASE}/items`,
      { schema: { tags, body: ZRoundItemsInput, response: { 200: ZRoundItemList } } },
      async (req) => logItems(ctx(req), req.body),
    );
    api.get(
      `${BASE}/subscriptions`,
      { schema: { tags, querystring: ZSubscriptionQuery, response: { 200: ZSubscriptionList } } },
      async (req) => listSubscriptions(ctx(req), req.query),
    );
    api.post(
      `${BASE}/subscriptions`,
      { schema: { tags, body: ZSubscriptionInput, response: { 200: ZSubscription } } },
      async (req) => createSubscription(ctx(req), req.body),
    );
    api.post(
      `${BASE}/subscriptions/:id/end`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSubscription } } },
      async (req) => stopSubscription(ctx(req), req.params.id),
    );
    api.post(
      `${BASE}/households/:id/settings`,
      {
        schema: {
          tags,
          params: ZIdParam,
          body: ZRoundHouseholdSettings,
          response: { 200: ZRoundHouseholdSettingsAnswer },
        },
      },
      async (req) => setHouseholdSettings(ctx(req), req.params.id, req.body),
    );
    api.get(
      `${BASE}/today`,
      { schema: { tags, querystring: ZRoundTodayQuery, response: { 200: ZRoundToday } } },
      async (req) => roundToday(ctx(req), req.query),
    );
    api.post(
      `${BASE}/doors`,
      { schema: { tags, headers: ZIdempotencyHeaders, body: ZDoorInput, response: { 200: ZDoor } } },
      async (req) => recordDoor(ctx(req), req.body, req.headers['idempotency-key']),
    );
    api.get(
      `${BASE}/waiting`,
      { schema: { tags, querystring: ZWaitingQuery, response: { 200: ZWaitingList } } },
      async (req) => listWaiting(ctx(req), req.query),
    );
    api.get(
      `${BASE}/signals`,
      { schema: { tags, querystring: ZSignalQuery, response: { 200: ZSignalList } } },
      async (req) => listSignals(ctx(req), req.query),
    );
    api.get(`${BASE}/tasks`, { schema: { tags, response: { 200: ZRoundTaskList } } }, async (req) =>
      myTasks(ctx(req)),
    );
    api.get(
      `${BASE}/coverage`,
      { schema: { tags, querystring: ZCoverageQuery, response: { 200: ZRoundCoverage } } },
      async (req) => coverage(ctx(req), req.query.weeks),
    );
  };
}
