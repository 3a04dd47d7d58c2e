import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet from 'helmet';
import { ZHealth } from '../shared/contracts/health';
import { authRoutes } from './auth/auth.routes';
import { registerAuthentication } from './auth/authenticate';
import { careCheckinsRoutes } from './care/checkins.routes';
import { errandsRoutes } from './care/errands.routes';
import { familyRoutes } from './care/family.routes';
import { keysRoutes } from './care/keys.routes';
import { moneyRoutes } from './care/money.routes';
import { carePlansRoutes } from './care/plans.routes';
import { careTablesRoutes } from './care/tables.routes';
import { careVisitsRoutes } from './care/visits.routes';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db/database';
import { deskRoutes } from './desk/desk.routes';
import { frameworkErrors, registerErrorHandling } from './http/errors';
import { registerRequestHygiene } from './http/requestHygiene';
import { registerCompression, registerWebApp, spaFallback } from './http/webApp';
import { liaisonRoutes } from './liaison/liaison.routes';
import { open311Routes } from './open311/open311.routes';
import { outreachRoutes } from './outreach/outreach.routes';
import { startPushDispatcher } from './push/push.dispatcher';
import { pushRoutes } from './push/push.routes';
import { webPushSender } from './push/push.sender';
import { loadOrCreateVapidKeys } from './push/vapidKeys';
import { importRoutes } from './register/import/import.routes';
import { registerRoutes } from './register/register.routes';
import { registryRoutes } from './registry/registry.routes';
import { type FeedBus, openFeedBus } from './reports/feed';
import { feedRoutes } from './reports/feed.routes';
import { feedbackRoutes } from './reports/feedback.routes';
import { photosRoutes } from './reports/photos.routes';
import { publicRoutes } from './reports/public.routes';
import { ratesRoutes } from './reports/rates.routes';
import { reportsRoutes } from './reports/reports.routes';
import { roundRoutes } from './round/round.routes';
import { serviceRoutes } from './service/service.routes';
import { serviceTablesRoutes } from './service/tables.routes';
import { statsRoutes } from './stats/stats.routes';
import { usersRoutes } from './users/users.routes';
import { welfareFlowRoutes } from './welfare/flow.routes';
import { welfareTableRoutes } from './welfare/tables.routes';
import { welfareRoutes } from './welfare/welfare.routes';

export interface AppDeps {
  database: Database;
  clock: Clock;
  config: Config;
  logger?: FastifyBaseLogger | false;
  /** The built web app (dist/web); null serves the API alone. */
  webDir?: string | null;
  /** The live feed's bus; by default one of the app's own, closed with it. */
  feed?: FeedBus;
}

/** 1 MiB is far above any form Linli has; larger bodies are refused before parsing. */
const BODY_LIMIT = 1024 * 1024;

/** HTTPS straight from Linli when both files are named (without a reverse proxy in front). */
function tlsOptions(config: Config): { https: { cert: Buffer; key: Buffer } } | Record<string, never> {
  const { tlsCertFile, tlsKeyFile } = config;
  if (!tlsCertFile && !tlsKeyFile) return {};
  if (!tlsCertFile || !tlsKeyFile) {
    throw new Error(
      'LINLI_TLS_CERT 与 LINLI_TLS_KEY 要一起设置 / LINLI_TLS_CERT and LINLI_TLS_KEY go together',
    );
  }
  return { https: { cert: fs.readFileSync(tlsCertFile), key: fs.readFileSync(tlsKeyFile) } };
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const options = {
    bodyLimit: BODY_LIMIT,
    frameworkErrors,
    // Only the proxies named: their X-Forwarded-For gives req.ip, their X-Forwarded-Proto req.protocol.
    trustProxy: deps.config.trustProxy.length > 0 ? deps.config.trustProxy : false,
    ...tlsOptions(deps.config),
  };
  // Fastify types an HTTPS server apart; routes and hooks see the same request either way.
  const app = (deps.logger
    ? Fastify({ ...options, loggerInstance: deps.logger })
    : Fastify({ ...options, logger: false })) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const webDir = deps.webDir && fs.existsSync(path.join(deps.webDir, 'index.html')) ? deps.webDir : null;
  registerErrorHandling(app, webDir ? spaFallback : undefined);
  registerRequestHygiene(app);

  await app.register(fastifyCookie);
  await registerCompression(app);
  // Helmet's middleware is built once: @fastify/helmet rebuilds it, directives and all, on every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its component styles at run time (CSS-in-JS), so inline styles must be allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  // Helmet 8.1 and later throw instead of passing an error to the callback.
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, () => done()));
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Linli 邻里 API', version: deps.config.version },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAuthentication(app, { db: deps.database.db, clock: deps.clock, config: deps.config });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/health', { schema: { tags: ['health'], response: { 200: ZHealth } } }, async () => ({
    status: 'ok' as const,
    database: deps.database.dialect,
    version: deps.config.version,
  }));
  api.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes({ db: deps.database.db, clock: deps.clock, config: deps.config }));
  await app.register(registryRoutes(deps));
  await app.register(usersRoutes(deps));
  await app.register(importRoutes(deps));
  await app.register(registerRoutes(deps));
  await app.register(liaisonRoutes(deps));
  const feed = deps.feed ?? (await openFeedBus(deps.database));
  if (!deps.feed) app.addHook('onClose', () => feed.close());
  await app.register(reportsRoutes({ ...deps, feed }));
  await app.register(publicRoutes({ ...deps, feed }));
  await app.register(feedbackRoutes({ ...deps, feed }));
  await app.register(photosRoutes({ ...deps, feed }));
  await app.register(feedRoutes({ ...deps, feed }));
  await app.register(ratesRoutes(deps));
  await app.register(open311Routes({ ...deps, feed }));
  await app.register(keysRoutes(deps));
  await app.register(errandsRoutes(deps));
  await app.register(moneyRoutes(deps));
  await app.register(serviceRoutes(deps));
  await app.register(serviceTablesRoutes(deps));
  await app.register(familyRoutes(deps));
  await app.register(carePlansRoutes({ ...deps, feed }));
  await app.register(careVisitsRoutes({ ...deps, feed }));
  await app.register(careCheckinsRoutes({ ...deps, feed }));
  await app.register(careTablesRoutes(deps));
  await app.register(welfareRoutes(deps));
  await app.register(welfareFlowRoutes(deps));
  await app.register(welfareTableRoutes(deps));
  await app.register(outreachRoutes(deps));
  await app.register(roundRoutes({ ...deps, feed }));
  await app.register(deskRoutes({ ...deps, feed }));
  const vapid = loadOrCreateVapidKeys(deps.config.dataDir);
  await app.register(pushRoutes({ ...deps, vapid }));
  const stopPush = startPushDispatcher(
    {
      db: deps.database.db,
      feed,
      sender: webPushSender(vapid, deps.config.pushSubject, deps.config.pushHosts),
    },
    (error) => app.log.error({ err: error }, 'push notice not sent'),
  );
  app.addHook('onClose', async () => stopPush());
  await app.register(statsRoutes({ ...deps, feed }));

  if (webDir) await registerWebApp(app, webDir);
  return app;
}
