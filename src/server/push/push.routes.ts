import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ZPushEndpoint,
  ZPushKey,
  ZPushSettings,
  ZPushSettingsInput,
  ZPushSubscriptionInput,
} from '../../shared/contracts/push';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { changePushSettings, pushSettings, subscribe, unsubscribe } from './push.usecases';
import type { VapidKeys } from './vapidKeys';

/** Web Push: the server's public key, a person's phones, and which notices they want. */
export function pushRoutes(deps: { database: Database; clock: Clock; config: Config; vapid: VapidKeys }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), pushHosts: deps.config.pushHosts });
    const tags = ['push'];

    api.get('/api/v1/push/key', { schema: { tags, response: { 200: ZPushKey } } }, async (req) => {
      ctx(req);
      return { publicKey: deps.vapid.publicKey };
    });
    api.get('/api/v1/push/settings', { schema: { tags, response: { 200: ZPushSettings } } }, async (req) =>
      pushSettings(ctx(req)),
    );
    api.put(
      '/api/v1/push/settings',
      { schema: { tags, body: ZPushSettingsInput, response: { 200: ZPushSettings } } },
      async (req) => changePushSettings(ctx(req), req.body.kinds),
    );
    api.post(
      '/api/v1/push/subscriptions',
      { schema: { tags, body: ZPushSubscriptionInput, response: { 200: ZPushSettings } } },
      async (req) => subscribe(ctx(req), req.body),
    );
    api.post(
      '/api/v1/push/subscriptions/remove',
      { schema: { tags, body: ZPushEndpoint, response: { 200: ZPushSettings } } },
      async (req) => unsubscribe(ctx(req), req.body.endpoint),
    );
  };
}
