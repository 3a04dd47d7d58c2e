import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../shared/contracts/registry';
import {
  ZCompareQuery,
  ZComparison,
  ZDecision,
  ZDecisionList,
  ZEvaluateInput,
  ZFactOverrideInput,
  ZFactsInput,
  ZHolidayVisitList,
  ZHolidayVisitQuery,
  ZHouseholdFacts,
  ZListsQuery,
  ZParameterChange,
  ZParameterChangeInput,
  ZParameterDecisionInput,
  ZParameterEffect,
  ZPolicyIdParam,
  ZPolicyList,
  ZPolicyView,
  ZWelfareLists,
} from '../../shared/contracts/welfare';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import { compareDecision, evaluateHousehold, getDecision, listDecisions } from './decisions.usecases';
import { getFacts, overrideFact, saveFacts } from './facts.usecases';
import { holidayVisits, parameterEffect, welfareLists } from './lists.usecases';
import { decideChange, getPolicy, listPolicies, proposeChange } from './parameters.usecases';

/** Policies, household facts, decisions and the community-wide lists (issue 6). */
export function welfareRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['welfare'];

    api.get('/api/v1/welfare/policies', { schema: { tags, response: { 200: ZPolicyList } } }, async (req) =>
      listPolicies(ctx(req)),
    );
    api.get(
      '/api/v1/welfare/policies/:policyId',
      { schema: { tags, params: ZPolicyIdParam, response: { 200: ZPolicyView } } },
      async (req) => getPolicy(ctx(req), req.params.policyId, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/policies/:policyId/parameter-changes',
      {
        schema: {
          tags,
          params: ZPolicyIdParam,
          body: ZParameterChangeInput,
          response: { 200: ZParameterChange },
        },
      },
      async (req) => proposeChange(ctx(req), req.params.policyId, req.body),
    );
    api.post(
      '/api/v1/welfare/parameter-changes/:id/decision',
      {
        schema: {
          tags,
          params: ZIdParam,
          body: ZParameterDecisionInput,
          response: { 200: ZParameterChange },
        },
      },
      async (req) => decideChange(ctx(req), req.params.id, req.body),
    );
    api.get(
      '/api/v1/welfare/parameter-changes/:id/effect',
      { schema: { tags, params: ZIdParam, response: { 200: ZParameterEffect } } },
      async (req) => parameterEffect(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/households/:id/facts',
      { schema: { tags, params: ZIdParam, response: { 200: ZHouseholdFacts } } },
      async (req) => getFacts(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/households/:id/facts',
      { schema: { tags, params: ZIdParam, body: ZFactsInput, response: { 200: ZHouseholdFacts } } },
      async (req) => saveFacts(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/households/:id/fact-overrides',
      { schema: { tags, params: ZIdParam, body: ZFactOverrideInput, response: { 200: ZHouseholdFacts } } },
      async (req) => overrideFact(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/households/:id/evaluations',
      { schema: { tags, params: ZIdParam, body: ZEvaluateInput, response: { 200: ZDecision } } },
      async (req) => evaluateHousehold(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/households/:id/decisions',
      { schema: { tags, params: ZIdParam, response: { 200: ZDecisionList } } },
      async (req) => listDecisions(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/decisions/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZDecision } } },
      async (req) => getDecision(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/decisions/:id/compare',
      { schema: { tags, params: ZIdParam, querystring: ZCompareQuery, response: { 200: ZComparison } } },
      async (req) =>
        compareDecision(ctx(req), req.params.id, req.query.neighbourHouseholdId, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/lists',
      { schema: { tags, querystring: ZListsQuery, response: { 200: ZWelfareLists } } },
      async (req) => welfareLists(ctx(req), req.query, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/holiday-visits',
      { schema: { tags, querystring: ZHolidayVisitQuery, response: { 200: ZHolidayVisitList } } },
      async (req) => holidayVisits(ctx(req), req.query, requestLanguage(req)),
    );
  };
}
