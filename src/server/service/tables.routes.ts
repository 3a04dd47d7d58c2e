import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZIdempotencyHeaders } from '../../shared/contracts/idempotency';
import {
  ZBookingExportQuery,
  ZBookingTable,
  ZBookingTableQuery,
  ZHoursExportQuery,
  ZHoursTable,
  ZHoursTableQuery,
  ZOrderBulkDelivered,
  ZOrderBulkResult,
  ZOrderExportQuery,
  ZOrderTable,
  ZOrderTableQuery,
  ZSessionExportQuery,
  ZSessionTable,
  ZSessionTableQuery,
  ZVolunteerExportQuery,
  ZVolunteerTable,
  ZVolunteerTableQuery,
} from '../../shared/contracts/serviceTables';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { requestLanguage } from '../http/language';
import { useCaseContext } from '../http/useCaseContext';
import { bulkDelivered } from './deliveries.bulk';
import { exportBookings, exportHours, exportOrders, exportSessions, exportVolunteers } from './tables.export';
import { bookingTable, hoursTable, orderTable, sessionTable, volunteerTable } from './tables.usecases';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The service station's office tables (issue 23); see src/shared/contracts/serviceTables.ts. */
export function serviceTablesRoutes(deps: { database: Database; clock: Clock }) {
  return async (app: FastifyInstance) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    const base = useCaseContext(deps);
    const ctx = (req: FastifyRequest) => ({ ...base(req), lang: requestLanguage(req) });
    const tags = ['service'];
    const path = '/api/v1/service/tables';
    const file = (req: FastifyRequest, zh: string, en: string) =>
      attachment(requestLanguage(req) === 'en' ? `${en}.xlsx` : `${zh}.xlsx`);

    api.get(
      `${path}/sessions`,
      { schema: { tags, querystring: ZSessionTableQuery, response: { 200: ZSessionTable } } },
      async (req) => sessionTable(ctx(req), req.query),
    );
    api.get(
      `${path}/sessions.xlsx`,
      { schema: { tags, querystring: ZSessionExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportSessions(ctx(req), req.query, requestLanguage(req));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file(req, '服务场次', 'sessions'))
          .send(book);
      },
    );
    api.get(
      `${path}/bookings`,
      { schema: { tags, querystring: ZBookingTableQuery, response: { 200: ZBookingTable } } },
      async (req) => bookingTable(ctx(req), req.query),
    );
    api.get(
      `${path}/bookings.xlsx`,
      { schema: { tags, querystring: ZBookingExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportBookings(ctx(req), req.query, requestLanguage(req));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file(req, '预约', 'bookings'))
          .send(book);
      },
    );
    api.get(
      `${path}/volunteers`,
      { schema: { tags, querystring: ZVolunteerTableQuery, response: { 200: ZVolunteerTable } } },
      async (req) => volunteerTable(ctx(req), req.query),
    );
    api.get(
      `${path}/volunteers.xlsx`,
      { schema: { tags, querystring: ZVolunteerExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportVolunteers(ctx(req), req.query, requestLanguage(req));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file(req, '志愿者', 'volunteers'))
          .send(book);
      },
    );
    api.get(
      `${path}/hours`,
      { schema: { tags, querystring: ZHoursTableQuery, response: { 200: ZHoursTable } } },
      async (req) => hoursTable(ctx(req), req.query),
    );
    api.get(
      `${path}/hours.xlsx`,
      { schema: { tags, querystring: ZHoursExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportHours(ctx(req), req.query, requestLanguage(req));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file(req, '服务时长', 'hours'))
          .send(book);
      },
    );
    api.get(
      `${path}/orders`,
      { schema: { tags, querystring: ZOrderTableQuery, response: { 200: ZOrderTable } } },
      async (req) => orderTable(ctx(req), req.query),
    );
    api.get(
      `${path}/orders.xlsx`,
      { schema: { tags, querystring: ZOrderExportQuery, produces: [XLSX] } },
      async (req, reply) => {
        const book = await exportOrders(ctx(req), req.query, requestLanguage(req));
        return reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', file(req, '团购订单', 'orders'))
          .send(book);
      },
    );
    api.post(
      '/api/v1/service/orders/bulk-delivered',
      {
        schema: {
          tags,
          headers: ZIdempotencyHeaders,
          body: ZOrderBulkDelivered,
          response: { 200: ZOrderBulkResult },
        },
      },
      async (req) => bulkDelivered(ctx(req), req.body, req.headers['idempotency-key']),
    );
  };
}
