import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOk } from '../../shared/contracts/auth';
import { ZDoorNoticeDefaults, ZDoorNoticeInput, ZDoorNoticeResult } from '../../shared/contracts/doorNotices';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import {
  ZBuildingList,
  ZBuildingPicture,
  ZBuildingPictureQuery,
  ZHouseholdInput,
  ZMoveOut,
  ZRegisterHistory,
  ZResidentInput,
  ZResidentPatch,
  ZResidentSearchQuery,
  ZResidentSearchResult,
} from '../../shared/contracts/register';
import { ZHousehold, ZIdParam, ZResident } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import { createDoorNotices, doorNoticeDefaults, doorNoticePrintout } from './doorNotices.usecases';
import {
  addResident,
  buildingNotice,
  buildingPicture,
  createHousehold,
  editResident,
  householdHistory,
  listBuildings,
  moveOutHousehold,
  moveOutResident,
  searchRegister,
} from './register.usecases';

export function registerRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['register'];

    api.get(
      '/api/v1/residents/search',
      { schema: { tags, querystring: ZResidentSearchQuery, response: { 200: ZResidentSearchResult } } },
      async (req) => searchRegister(ctx(req), req.query),
    );
    api.get(
      '/api/v1/buildings',
      {
        schema: {
          tags,
          querystring: z.object({ communityId: z.uuid().optional() }),
          response: { 200: ZBuildingList },
        },
      },
      async (req) => listBuildings(ctx(req), req.query.communityId),
    );
    api.get(
      '/api/v1/buildings/:id/picture',
      {
        schema: {
          tags,
          params: ZIdParam,
          querystring: ZBuildingPictureQuery,
          response: { 200: ZBuildingPicture },
        },
      },
      async (req) => buildingPicture(ctx(req), req.params.id, req.query.lens),
    );
    api.get(
      '/api/v1/buildings/:id/notice.svg',
      { schema: { tags, params: ZIdParam } },
      async (req, reply) => {
        const svg = await buildingNotice(ctx(req), req.params.id, `${req.protocol}://${req.host}`);
        return reply.type('image/svg+xml; charset=utf-8').send(svg);
      },
    );
    api.post(
      '/api/v1/households',
      { schema: { tags, body: ZHouseholdInput, response: { 200: ZHousehold } } },
      async (req) => createHousehold(ctx(req), req.body),
    );
    api.post(
      '/api/v1/households/:id/move-out',
      { schema: { tags, params: ZIdParam, body: ZMoveOut, response: { 200: ZOk } } },
      async (req) => {
        await moveOutHousehold(ctx(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
    api.get(
      '/api/v1/households/:id/history',
      { schema: { tags, params: ZIdParam, response: { 200: ZRegisterHistory } } },
      async (req) => householdHistory(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/households/:id/residents',
      { schema: { tags, params: ZIdParam, body: ZResidentInput, response: { 200: ZResident } } },
      async (req) => addResident(ctx(req), req.params.id, req.body),
    );
    api.patch(
      '/api/v1/residents/:id',
      { schema: { tags, params: ZIdParam, body: ZResidentPatch, response: { 200: ZResident } } },
      async (req) => editResident(ctx(req), req.params.id, req.body),
    );
    // Door notices (issue 23): written once for the households picked, printed two to an A4 page.
    api.post(
      '/api/v1/register/door-notices',
      {
        schema: {
          tags,
          headers: ZIdempotencyHeaders,
          body: ZDoorNoticeInput,
          response: { 200: ZDoorNoticeResult },
        },
      },
      async (req) =>
        createDoorNotices(
          { ...ctx(req), lang: requestLanguage(req) },
          req.body,
          req.headers['idempotency-key'],
        ),
    );
    api.get(
      '/api/v1/register/door-notices/defaults',
      { schema: { tags, response: { 200: ZDoorNoticeDefaults } } },
      async (req) => doorNoticeDefaults(ctx(req)),
    );
    api.get(
      '/api/v1/register/door-notices/:id/pdf',
      { schema: { tags, params: ZIdParam, produces: ['application/pdf'] } },
      async (req, reply) => {
        const pdf = await doorNoticePrintout(ctx(req), req.params.id);
        return reply
          .type('application/pdf')
          .header('cache-control', 'private, no-store')
          .header('content-disposition', 'inline; filename="door-notices.pdf"')
          .send(pdf);
      },
    );
    api.post(
      '/api/v1/residents/:id/move-out',
      { schema: { tags, params: ZIdParam, body: ZMoveOut, response: { 200: ZOk } } },
      async (req) => {
        await moveOutResident(ctx(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
  };
}
