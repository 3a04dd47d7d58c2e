import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdParam } from '../../shared/contracts/registry';
import {
  ZApplication,
  ZApplicationInput,
  ZApplicationList,
  ZApplicationListQuery,
  ZCloseInput,
  ZCommitteeDesk,
  ZGrant,
  ZGrantInput,
  ZGrantList,
  ZGrantPapersInput,
  ZGrantRequest,
  ZGrantRequestList,
  ZNotice,
  ZNoticeInput,
  ZNoticeList,
  ZObjection,
  ZObjectionAnswerInput,
  ZObjectionInput,
  ZPublicNotice,
  ZReviewInput,
  ZRoster,
  ZRosterQuery,
  ZRosterReview,
} from '../../shared/contracts/welfare';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import {
  approveApplication,
  fileApplication,
  getApplication,
  listApplications,
  rejectApplication,
  reviewApplication,
} from './applications.usecases';
import {
  approveGrantRequest,
  committeeDesk,
  completeGrantPapers,
  grantEmergencyAid,
  listGrantRequests,
  listGrants,
} from './grants.usecases';
import {
  answerObjection,
  getNotice,
  listNotices,
  publicNotice,
  publishNotice,
  recordObjection,
} from './notices.usecases';
import { listRoster, reviewRosterEntry } from './roster.usecases';

/** Applications, public notices and objections, the roster and emergency aid (issue 6). */
export function welfareFlowRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['welfare'];

    api.post(
      '/api/v1/welfare/applications',
      { schema: { tags, body: ZApplicationInput, response: { 200: ZApplication } } },
      async (req) => fileApplication(ctx(req), req.body, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/applications',
      { schema: { tags, querystring: ZApplicationListQuery, response: { 200: ZApplicationList } } },
      async (req) => listApplications(ctx(req), req.query, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/applications/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZApplication } } },
      async (req) => getApplication(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/applications/:id/review',
      { schema: { tags, params: ZIdParam, body: ZReviewInput, response: { 200: ZApplication } } },
      async (req) => reviewApplication(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/applications/:id/approve',
      { schema: { tags, params: ZIdParam, body: ZCloseInput, response: { 200: ZApplication } } },
      async (req) => approveApplication(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/applications/:id/reject',
      { schema: { tags, params: ZIdParam, body: ZCloseInput, response: { 200: ZApplication } } },
      async (req) => rejectApplication(ctx(req), req.params.id, req.body, requestLanguage(req)),
    );

    api.post(
      '/api/v1/welfare/notices',
      { schema: { tags, body: ZNoticeInput, response: { 200: ZNotice } } },
      async (req) => publishNotice(ctx(req), req.body, requestLanguage(req)),
    );
    api.get('/api/v1/welfare/notices', { schema: { tags, response: { 200: ZNoticeList } } }, async (req) =>
      listNotices(ctx(req), requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/notices/:id',
      { schema: { tags, params: ZIdParam, response: { 200: ZNotice } } },
      async (req) => getNotice(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/notices/:id/objections',
      { schema: { tags, params: ZIdParam, body: ZObjectionInput, response: { 200: ZObjection } } },
      async (req) => recordObjection(ctx(req), req.params.id, req.body),
    );
    api.post(
      '/api/v1/welfare/objections/:id/answer',
      { schema: { tags, params: ZIdParam, body: ZObjectionAnswerInput, response: { 200: ZObjection } } },
      async (req) => answerObjection(ctx(req), req.params.id, req.body),
    );
    // The notice board on the web: no session is read, so anyone with the link may open it.
    api.get(
      '/api/v1/public/welfare/notices/:id',
      { schema: { tags: ['public'], params: ZIdParam, response: { 200: ZPublicNotice } } },
      async (req) =>
        publicNotice({ db: deps.database.db, clock: deps.clock }, req.params.id, requestLanguage(req)),
    );

    api.get(
      '/api/v1/welfare/roster',
      { schema: { tags, querystring: ZRosterQuery, response: { 200: ZRoster } } },
      async (req) => listRoster(ctx(req), req.query),
    );
    api.post(
      '/api/v1/welfare/roster/:id/review',
      { schema: { tags, params: ZIdParam, response: { 200: ZRosterReview } } },
      async (req) => reviewRosterEntry(ctx(req), req.params.id, requestLanguage(req)),
    );

    api.post(
      '/api/v1/welfare/emergency-grants',
      { schema: { tags, body: ZGrantInput, response: { 200: ZGrant, 202: ZGrantRequest } } },
      async (req, reply) => {
        const result = await grantEmergencyAid(ctx(req), req.body, requestLanguage(req));
        if (result.status === 202) return reply.code(202).send(result.request);
        return result.grant;
      },
    );
    api.get(
      '/api/v1/welfare/emergency-grant-requests',
      { schema: { tags, response: { 200: ZGrantRequestList } } },
      async (req) => listGrantRequests(ctx(req), requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/emergency-grant-requests/:id/approve',
      { schema: { tags, params: ZIdParam, response: { 200: ZGrant } } },
      async (req) => approveGrantRequest(ctx(req), req.params.id, requestLanguage(req)),
    );
    api.get(
      '/api/v1/welfare/committee-desk',
      { schema: { tags, response: { 200: ZCommitteeDesk } } },
      async (req) => committeeDesk(ctx(req), requestLanguage(req)),
    );
    api.post(
      '/api/v1/welfare/emergency-grants/:id/papers',
      { schema: { tags, params: ZIdParam, body: ZGrantPapersInput, response: { 200: ZGrant } } },
      async (req) => completeGrantPapers(ctx(req), req.params.id, req.body),
    );
    api.get(
      '/api/v1/welfare/emergency-grants',
      { schema: { tags, response: { 200: ZGrantList } } },
      async (req) => listGrants(ctx(req)),
    );
  };
}
