import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import {
  ZAttendanceInput,
  ZBookingInput,
  ZCancelSessionInput,
  ZCheckInput,
  ZCollectedInput,
  ZCommunityQuery,
  ZConsent,
  ZConsentInput,
  ZConsentStatus,
  ZConsentWithdrawInput,
  ZDeliveredInput,
  ZDeliveryList,
  ZDeliveryQuery,
  ZHours,
  ZHoursCorrectionInput,
  ZIdParam,
  ZMoveSessionInput,
  ZMySessions,
  ZOrder,
  ZOrderInput,
  ZReading,
  ZReadingInput,
  ZReadingList,
  ZReconciliation,
  ZReminderList,
  ZRound,
  ZRoundInput,
  ZRoundList,
  ZSeries,
  ZSeriesInput,
  ZSeriesList,
  ZService,
  ZServiceInput,
  ZServiceList,
  ZServiceValueInput,
  ZSession,
  ZSessionChange,
  ZSessionInput,
  ZSessionList,
  ZSessionListQuery,
  ZShortList,
  ZShortQuery,
  ZSignupInput,
  ZValueMonthQuery,
  ZValueQuery,
  ZValueReport,
  ZVolunteer,
  ZVolunteerInput,
  ZVolunteerList,
  ZYearQuery,
} from '../../shared/contracts/service';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { useCaseContext } from '../http/useCaseContext';
import { createService, listServices, setServiceValue } from './catalogue.usecases';
import { correctHours, hoursCertificate, myHours, volunteerHours } from './hours.usecases';
import { remindersForTomorrow, shortOfVolunteers } from './planning.usecases';
import {
  createRound,
  deliveryList,
  getRound,
  listRounds,
  placeOrder,
  reconciliation,
  recordCollected,
  recordDelivered,
} from './purchases.usecases';
import {
  consentStatus,
  recordConsent,
  recordReading,
  residentReadings,
  withdrawResidentConsent,
} from './readings.usecases';
import {
  cancelSession,
  createSeries,
  enrolResident,
  generateSeries,
  getSeries,
  joinSeries,
  listSeries,
  moveSession,
} from './series.usecases';
import {
  bookResident,
  cancelResidentBooking,
  createSession,
  getSession,
  listSessions,
  recordAttendance,
} from './sessions.usecases';
import { certificateBlocks, deliveryBlocks, largePrintPdf, summaryBlocks } from './station.print';
import { valueForMonth, valueForRange } from './value.usecases';
import {
  checkIn,
  checkinQrSvg,
  checkOut,
  createVolunteer,
  listVolunteers,
  mySessions,
  recordNoShows,
  signUp,
} from './volunteers.usecases';

function sendPdf(reply: FastifyReply, pdf: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `inline; filename="${filename}"`)
    .send(pdf);
}

/** The volunteer service station (issue 7); see src/shared/contracts/service.ts for the list. */
export function serviceRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const ctx = useCaseContext(deps);
    const tags = ['service'];
    const base = '/api/v1/service';
    const pdfSchema = { tags, params: ZIdParam, produces: ['application/pdf'] };

    api.get(
      `${base}/services`,
      { schema: { tags, querystring: ZCommunityQuery, response: { 200: ZServiceList } } },
      async (req) => listServices(ctx(req), req.query.communityId),
    );
    api.post(
      `${base}/services`,
      { schema: { tags, body: ZServiceInput, response: { 200: ZService } } },
      async (req) => createService(ctx(req), req.body),
    );
    api.post(
      `${base}/services/:id/values`,
      { schema: { tags, params: ZIdParam, body: ZServiceValueInput, response: { 200: ZService } } },
      async (req) => setServiceValue(ctx(req), req.params.id, req.body),
    );

    api.get(
      `${base}/sessions`,
      { schema: { tags, querystring: ZSessionListQuery, response: { 200: ZSessionList } } },
      async (req) => listSessions(ctx(req), req.query),
    );
    api.post(
      `${base}/sessions`,
      { schema: { tags, body: ZSessionInput, response: { 200: ZSession } } },
      async (req) => createSession(ctx(req), req.body),
    );
    api.get(
      `${base}/sessions/:id`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSession } } },
      async (req) => getSession(ctx(req), req.params.id),
    );
    api.post(
      `${base}/sessions/:id/bookings`,
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZBookingInput,
          response: { 200: ZSession },
        },
      },
      async (req) => bookResident(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.post(
      `${base}/bookings/:id/cancel`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSession } } },
      async (req) => cancelResidentBooking(ctx(req), req.params.id),
    );
    api.post(
      `${base}/bookings/:id/attendance`,
      { schema: { tags, params: ZIdParam, body: ZAttendanceInput, response: { 200: ZSession } } },
      async (req) => recordAttendance(ctx(req), req.params.id, req.body),
    );

    api.get(`${base}/volunteers`, { schema: { tags, response: { 200: ZVolunteerList } } }, async (req) =>
      listVolunteers(ctx(req)),
    );
    api.post(
      `${base}/volunteers`,
      { schema: { tags, body: ZVolunteerInput, response: { 200: ZVolunteer } } },
      async (req) => createVolunteer(ctx(req), req.body),
    );
    api.post(
      `${base}/sessions/:id/signups`,
      { schema: { tags, params: ZIdParam, body: ZSignupInput, response: { 200: ZSession } } },
      async (req) => signUp(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/series`,
      { schema: { tags, body: ZSeriesInput, response: { 200: ZSeries } } },
      async (req) => createSeries(ctx(req), req.body),
    );
    api.get(`${base}/series`, { schema: { tags, response: { 200: ZSeriesList } } }, async (req) =>
      listSeries(ctx(req)),
    );
    api.get(
      `${base}/series/:id`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSeries } } },
      async (req) => getSeries(ctx(req), req.params.id),
    );
    api.post(
      `${base}/series/:id/generate`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSeries } } },
      async (req) => generateSeries(ctx(req), req.params.id),
    );
    api.post(
      `${base}/series/:id/enrolments`,
      { schema: { tags, params: ZIdParam, body: ZBookingInput, response: { 200: ZSeries } } },
      async (req) => enrolResident(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/series/:id/volunteers`,
      { schema: { tags, params: ZIdParam, body: ZSignupInput, response: { 200: ZSeries } } },
      async (req) => joinSeries(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/sessions/:id/cancel`,
      { schema: { tags, params: ZIdParam, body: ZCancelSessionInput, response: { 200: ZSessionChange } } },
      async (req) => cancelSession(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/sessions/:id/move`,
      { schema: { tags, params: ZIdParam, body: ZMoveSessionInput, response: { 200: ZSessionChange } } },
      async (req) => moveSession(ctx(req), req.params.id, req.body),
    );
    api.get(
      `${base}/sessions/:id/checkin-qr.svg`,
      { schema: { tags, params: ZIdParam, produces: ['image/svg+xml'] } },
      async (req, reply) => {
        const svg = await checkinQrSvg(ctx(req), req.params.id, `${req.protocol}://${req.host}`);
        return reply
          .type('image/svg+xml; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(svg);
      },
    );
    api.post(
      `${base}/sessions/:id/checkin`,
      { schema: { tags, params: ZIdParam, body: ZCheckInput, response: { 200: ZSession } } },
      async (req) => checkIn(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/sessions/:id/checkout`,
      { schema: { tags, params: ZIdParam, body: ZCheckInput, response: { 200: ZSession } } },
      async (req) => checkOut(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/sessions/:id/no-shows`,
      { schema: { tags, params: ZIdParam, response: { 200: ZSession } } },
      async (req) => recordNoShows(ctx(req), req.params.id),
    );
    api.get(
      `${base}/reminders/tomorrow`,
      { schema: { tags, response: { 200: ZReminderList } } },
      async (req) => remindersForTomorrow(ctx(req)),
    );
    api.get(
      `${base}/reports/short-of-volunteers`,
      { schema: { tags, querystring: ZShortQuery, response: { 200: ZShortList } } },
      async (req) => shortOfVolunteers(ctx(req), req.query.days),
    );

    api.get(
      `${base}/me/sessions`,
      { schema: { tags, querystring: ZSessionListQuery, response: { 200: ZMySessions } } },
      async (req) => mySessions(ctx(req), req.query),
    );

    api.get(
      `${base}/volunteers/:id/hours`,
      { schema: { tags, params: ZIdParam, querystring: ZYearQuery, response: { 200: ZHours } } },
      async (req) => volunteerHours(ctx(req), req.params.id, req.query.year),
    );
    api.get(
      `${base}/me/hours`,
      { schema: { tags, querystring: ZYearQuery, response: { 200: ZHours } } },
      async (req) => myHours(ctx(req), req.query.year),
    );
    api.get(
      `${base}/volunteers/:id/hours/certificate.pdf`,
      { schema: { ...pdfSchema, querystring: ZYearQuery } },
      async (req, reply) => {
        const { hours, communityName } = await hoursCertificate(ctx(req), req.params.id, req.query.year);
        const pdf = await largePrintPdf(
          `志愿服务时长证明 ${hours.year}`,
          certificateBlocks(hours, communityName),
          deps.clock(),
        );
        return sendPdf(reply, pdf, `hours-${hours.year}.pdf`);
      },
    );
    api.post(
      `${base}/hours/:id/corrections`,
      { schema: { tags, params: ZIdParam, body: ZHoursCorrectionInput, response: { 200: ZHours } } },
      async (req) => correctHours(ctx(req), req.params.id, req.body),
    );

    api.get(
      `${base}/residents/:id/consent`,
      { schema: { tags, params: ZIdParam, response: { 200: ZConsentStatus } } },
      async (req) => consentStatus(ctx(req), req.params.id),
    );
    api.post(
      `${base}/residents/:id/consent`,
      { schema: { tags, params: ZIdParam, body: ZConsentInput, response: { 200: ZConsent } } },
      async (req) => recordConsent(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/residents/:id/consent/withdraw`,
      { schema: { tags, params: ZIdParam, body: ZConsentWithdrawInput, response: { 200: ZConsent } } },
      async (req) => withdrawResidentConsent(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/sessions/:id/readings`,
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZReadingInput,
          response: { 200: ZReading },
        },
      },
      async (req) => recordReading(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.get(
      `${base}/residents/:id/readings`,
      { schema: { tags, params: ZIdParam, response: { 200: ZReadingList } } },
      async (req) => residentReadings(ctx(req), req.params.id),
    );

    api.get(`${base}/rounds`, { schema: { tags, response: { 200: ZRoundList } } }, async (req) =>
      listRounds(ctx(req)),
    );
    api.post(
      `${base}/rounds`,
      { schema: { tags, body: ZRoundInput, response: { 200: ZRound } } },
      async (req) => createRound(ctx(req), req.body),
    );
    api.get(
      `${base}/rounds/:id`,
      { schema: { tags, params: ZIdParam, response: { 200: ZRound } } },
      async (req) => getRound(ctx(req), req.params.id),
    );
    api.post(
      `${base}/rounds/:id/orders`,
      {
        schema: {
          tags,
          params: ZIdParam,
          headers: ZIdempotencyHeaders,
          body: ZOrderInput,
          response: { 200: ZOrder },
        },
      },
      async (req) => placeOrder(ctx(req), req.params.id, req.body, req.headers['idempotency-key']),
    );
    api.get(
      `${base}/rounds/:id/deliveries`,
      { schema: { tags, params: ZIdParam, querystring: ZDeliveryQuery, response: { 200: ZDeliveryList } } },
      async (req) => deliveryList(ctx(req), req.params.id, req.query),
    );
    api.get(
      `${base}/rounds/:id/deliveries.pdf`,
      { schema: { ...pdfSchema, querystring: ZDeliveryQuery } },
      async (req, reply) => {
        const list = await deliveryList(ctx(req), req.params.id, req.query);
        const pdf = await largePrintPdf(
          `${list.round.title} 送货单`,
          deliveryBlocks(list.round, list.items),
          deps.clock(),
        );
        return sendPdf(reply, pdf, 'deliveries.pdf');
      },
    );
    api.post(
      `${base}/orders/:id/delivered`,
      { schema: { tags, params: ZIdParam, body: ZDeliveredInput, response: { 200: ZOrder } } },
      async (req) => recordDelivered(ctx(req), req.params.id, req.body),
    );
    api.post(
      `${base}/orders/:id/collected`,
      { schema: { tags, params: ZIdParam, body: ZCollectedInput, response: { 200: ZOrder } } },
      async (req) => recordCollected(ctx(req), req.params.id, req.body),
    );
    api.get(
      `${base}/rounds/:id/reconciliation`,
      { schema: { tags, params: ZIdParam, response: { 200: ZReconciliation } } },
      async (req) => reconciliation(ctx(req), req.params.id),
    );

    api.get(
      `${base}/value`,
      { schema: { tags, querystring: ZValueQuery, response: { 200: ZValueReport } } },
      async (req) => valueForRange(ctx(req), req.query),
    );
    api.get(
      `${base}/value/summary.pdf`,
      { schema: { tags, querystring: ZValueMonthQuery, produces: ['application/pdf'] } },
      async (req, reply) => {
        const report = await valueForMonth(ctx(req), req.query);
        const pdf = await largePrintPdf(
          `服务站 ${req.query.month} 月度价值汇总 (monthly value summary)`,
          summaryBlocks(report),
          deps.clock(),
        );
        return sendPdf(reply, pdf, `value-${req.query.month}.pdf`);
      },
    );
  };
}
