import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZOk } from '../../shared/contracts/auth';
import {
  ZAssignHousehold,
  ZCoverage,
  ZCoverageQuery,
  ZEndPosition,
  ZHouseholdCoverHistory,
  ZLiaisonTree,
  ZLiaisonTreeQuery,
  ZPositionDetail,
  ZPositionInput,
  ZReassignPosition,
} from '../../shared/contracts/liaison';
import { ZIdParam } from '../../shared/contracts/registry';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import {
  assignHousehold,
  coverage,
  createPosition,
  endPosition,
  householdCoverHistory,
  liaisonTree,
  positionDetail,
  reassignPosition,
} from './liaison.usecases';

export function liaisonRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['liaison'];

    api.get(
      '/api/v1/liaison/tree',
      { schema: { tags, querystring: ZLiaisonTreeQuery, response: { 200: ZLiaisonTree } } },
      async (req) => liaisonTree(ctx(req), req.query.communityId),
    );
    api.get(
      '/api/v1/liaison/coverage',
      { schema: { tags, querystring: ZCoverageQuery, response: { 200: ZCoverage } } },
      async (req) => coverage(ctx(req), req.query.communityId, req.query.limit),
    );
    api.get(
      '/api/v1/liaison/positions/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZPositionDetail } } },
      async (req) => positionDetail(ctx(req), req.params.id),
    );
    api.post(
      '/api/v1/liaison/positions',
      { schema: { tags, body: ZPositionInput, response: { 200: ZPositionDetail } } },
      async (req) => createPosition(ctx(req), req.body),
    );
    api.post(
      '/api/v1/liaison/positions/:id/reassign',
      { schema: { tags, params: ZIdParam, body: ZReassignPosition, response: { 200: ZPositionDetail } } },
      async (req) => reassignPosition(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/liaison/positions/:id/end',
      { schema: { tags, params: ZIdParam, body: ZEndPosition, response: { 200: ZOk } } },
      async (req) => {
        await endPosition(ctx(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
    api.post(
      '/api/v1/households/:id/assign',
      { schema: { tags, params: ZIdParam, body: ZAssignHousehold, response: { 200: ZOk } } },
      async (req) => {
        await assignHousehold(ctx(req), req.params.id, req.body);
        return { ok: true as const };
      },
    );
    api.get(
      '/api/v1/households/:id/cover-history',
      { schema: { tags, params: ZIdParam, response: { 200: ZHouseholdCoverHistory } } },
      async (req) => householdCoverHistory(ctx(req), req.params.id),
    );
  };
}
