import { z } from 'zod';
import { ZFen } from './careKeysMoney';
import { ZAddress } from './registry';

/**
 * The service station's office tables (issue 23): sessions, bookings, volunteers with their hours, and
 * group-purchase orders, each a page with its total, sorted and filtered on the server, and the same
 * table as a workbook. Every list is within the caller's scope; a session, round, service, building or
 * volunteer named in a filter that is outside it is a 404, like the record itself.
 *
 *   GET  /api/v1/service/tables/sessions?…          → ZSessionTable        (service.read)
 *   GET  /api/v1/service/tables/sessions.xlsx?…     → xlsx
 *   GET  /api/v1/service/tables/bookings?…          → ZBookingTable        (service.book: staff all, the chain its households)
 *   GET  /api/v1/service/tables/bookings.xlsx?…     → xlsx (blood pressure only for roles seeing health, each read audited)
 *   GET  /api/v1/service/tables/volunteers?…        → ZVolunteerTable      (service.manage)
 *   GET  /api/v1/service/tables/volunteers.xlsx?…   → xlsx
 *   GET  /api/v1/service/tables/hours?…             → ZHoursTable          (service.manage: every entry, corrections too)
 *   GET  /api/v1/service/tables/hours.xlsx?…        → xlsx
 *   GET  /api/v1/service/tables/orders?…            → ZOrderTable          (service.purchases.order, the caller's households)
 *   GET  /api/v1/service/tables/orders.xlsx?…       → xlsx
 *   POST /api/v1/service/orders/bulk-delivered ⟲    ZOrderBulkDelivered → ZOrderBulkResult
 * Every export is audited with its filters and row count.
 */

const ZDay = z.iso.date();
const zYesNo = () => z.enum(['yes', 'no']).optional();
const zLimit = () => z.coerce.number().int().min(1).max(500).default(50);
const zOffset = () => z.coerce.number().int().min(0).default(0);

/** The columns the table shows, comma-separated; unknown names are refused, none means all. */
function zColumns<T extends string>(names: readonly [T, ...T[]]) {
  return z
    .string()
    .max(400)
    .optional()
    .transform((value, ctx) => {
      if (!value) return [...names];
      const picked = value.split(',').filter(Boolean);
      const unknown = picked.filter((c) => !(names as readonly string[]).includes(c));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown column: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return picked as T[];
    });
}

// Sessions

export const SESSION_TABLE_SORTS = [
  'startsAt',
  '-startsAt',
  'service',
  '-service',
  'booked',
  '-booked',
  'short',
  '-short',
] as const;
export const SESSION_STATUSES = ['upcoming', 'past', 'cancelled'] as const;
export const ZSessionTableFilters = z.object({
  /** Days in China time, both included. */
  from: ZDay.optional(),
  to: ZDay.optional(),
  serviceId: z.uuid().optional(),
  place: z.enum(['station', 'home']).optional(),
  /** Home sessions in this building. */
  buildingId: z.uuid().optional(),
  /** upcoming and past leave out cancelled sessions. */
  status: z.enum(SESSION_STATUSES).optional(),
  /** Fewer volunteers signed up than needed. */
  short: zYesNo(),
});
export const ZSessionTableQuery = ZSessionTableFilters.extend({
  /** `startsAt` (the default), `service` (by its Chinese name), `booked`, `short` (most missing first with `-short`). */
  sort: z.enum(SESSION_TABLE_SORTS).default('startsAt'),
  limit: zLimit(),
  offset: zOffset(),
});
export type TSessionTableQuery = z.infer<typeof ZSessionTableQuery>;
export const ZSessionTableRow = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  serviceId: z.uuid(),
  serviceZh: z.string(),
  serviceEn: z.string(),
  place: z.enum(['station', 'home']),
  /** The building of a home session. */
  buildingNumber: z.string().nullable(),
  capacity: z.number().int(),
  booked: z.number().int(),
  volunteersNeeded: z.number().int(),
  signedUp: z.number().int(),
  /** Volunteers still missing: needed minus signed up, never below 0. */
  short: z.number().int(),
  organiser: z.string(),
  cancelled: z.boolean(),
  seriesId: z.uuid().nullable(),
});
export type TSessionTableRow = z.infer<typeof ZSessionTableRow>;
export const ZSessionTable = z.object({ total: z.number().int(), items: z.array(ZSessionTableRow) });
export const SESSION_EXPORT_COLUMNS = [
  'startsAt',
  'service',
  'place',
  'booked',
  'volunteers',
  'organiser',
  'status',
] as const;
export const ZSessionExportQuery = ZSessionTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(SESSION_EXPORT_COLUMNS),
});
export type TSessionExportQuery = z.infer<typeof ZSessionExportQuery>;

// Bookings

export const BOOKING_TABLE_SORTS = [
  'startsAt',
  '-startsAt',
  'name',
  '-name',
  'address',
  '-address',
  'bookedAt',
  '-bookedAt',
] as const;
export const ZBookingTableFilters = z.object({
  /** Days of the session, in China time, both included. */
  from: ZDay.optional(),
  to: ZDay.optional(),
  sessionId: z.uuid().optional(),
  serviceId: z.uuid().optional(),
  /** The resident's building. */
  buildingId: z.uuid().optional(),
  /** `active` (the default when unset shows both) or `cancelled`. */
  state: z.enum(['active', 'cancelled']).optional(),
  /** Whether the resident was served; `unknown`: not yet recorded. */
  served: z.enum(['yes', 'no', 'unknown']).optional(),
  homeVisit: zYesNo(),
  /** The start of the resident's name. */
  q: z.string().trim().max(40).optional(),
});
export const ZBookingTableQuery = ZBookingTableFilters.extend({
  sort: z.enum(BOOKING_TABLE_SORTS).default('startsAt'),
  limit: zLimit(),
  offset: zOffset(),
});
export type TBookingTableQuery = z.infer<typeof ZBookingTableQuery>;
export const ZBookingTableRow = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  startsAt: z.string(),
  serviceZh: z.string(),
  serviceEn: z.string(),
  residentId: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  address: ZAddress,
  homeVisit: z.boolean(),
  bookedAt: z.string(),
  served: z.boolean().nullable(),
  cancelledAt: z.string().nullable(),
  /**
   * The blood pressure taken at this session, "收缩压/舒张压": health information, only for the roles that
   * see it (null otherwise, and null when none was taken); each one answered is audited as a read.
   */
  bloodPressure: z.string().nullable(),
});
export type TBookingTableRow = z.infer<typeof ZBookingTableRow>;
export const ZBookingTable = z.object({ total: z.number().int(), items: z.array(ZBookingTableRow) });
export const BOOKING_EXPORT_COLUMNS = [
  'startsAt',
  'service',
  'name',
  'address',
  'homeVisit',
  'bookedAt',
  'served',
  'state',
  'bloodPressure',
] as const;
export const ZBookingExportQuery = ZBookingTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(BOOKING_EXPORT_COLUMNS),
});
export type TBookingExportQuery = z.infer<typeof ZBookingExportQuery>;

// Volunteers and their hours

export const VOLUNTEER_TABLE_SORTS = [
  'name',
  '-name',
  'minutes',
  '-minutes',
  'sessions',
  '-sessions',
] as const;
export const ZVolunteerTableFilters = z.object({
  /** The period the hours and sessions are counted over (days, both included); default this year. */
  from: ZDay.optional(),
  to: ZDay.optional(),
  /** The start of the volunteer's name, or the last four digits of their phone. */
  q: z.string().trim().max(40).optional(),
  /** Whether they served at all in the period. */
  active: zYesNo(),
  /** Whether they sign in to the app themselves. */
  hasAccount: zYesNo(),
});
export const ZVolunteerTableQuery = ZVolunteerTableFilters.extend({
  sort: z.enum(VOLUNTEER_TABLE_SORTS).default('name'),
  limit: zLimit(),
  offset: zOffset(),
});
export type TVolunteerTableQuery = z.infer<typeof ZVolunteerTableQuery>;
export const ZVolunteerTableRow = z.object({
  id: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  hasAccount: z.boolean(),
  /** Minutes worked in the period, corrections included. */
  minutes: z.number().int(),
  /** Sessions they checked out of in the period. */
  sessions: z.number().int(),
  /** Sessions they signed up for and did not come to, in the period. */
  noShows: z.number().int(),
  /** The day they last worked, if ever in the period. */
  lastWorkedOn: ZDay.nullable(),
});
export type TVolunteerTableRow = z.infer<typeof ZVolunteerTableRow>;
export const ZVolunteerTable = z.object({
  total: z.number().int(),
  /** The period counted. */
  from: ZDay,
  to: ZDay,
  items: z.array(ZVolunteerTableRow),
});
export const VOLUNTEER_EXPORT_COLUMNS = [
  'name',
  'phone',
  'hasAccount',
  'minutes',
  'sessions',
  'noShows',
  'lastWorkedOn',
] as const;
export const ZVolunteerExportQuery = ZVolunteerTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(VOLUNTEER_EXPORT_COLUMNS),
});
export type TVolunteerExportQuery = z.infer<typeof ZVolunteerExportQuery>;

// Volunteer hours, entry by entry

export const HOURS_TABLE_SORTS = ['workedOn', '-workedOn', 'name', '-name', 'minutes', '-minutes'] as const;
export const ZHoursTableFilters = z.object({
  /** Days worked, both included. */
  from: ZDay.optional(),
  to: ZDay.optional(),
  volunteerId: z.uuid().optional(),
  /** `yes`: only corrections; `no`: only entries written at check-out. */
  correction: zYesNo(),
});
export const ZHoursTableQuery = ZHoursTableFilters.extend({
  sort: z.enum(HOURS_TABLE_SORTS).default('-workedOn'),
  limit: zLimit(),
  offset: zOffset(),
});
export type THoursTableQuery = z.infer<typeof ZHoursTableQuery>;
export const ZHoursTableRow = z.object({
  id: z.uuid(),
  volunteerId: z.uuid(),
  name: z.string(),
  workedOn: ZDay,
  /** For a correction, the minutes it adds (negative when it takes away). */
  minutes: z.number().int(),
  serviceZh: z.string().nullable(),
  serviceEn: z.string().nullable(),
  correction: z.boolean(),
  reason: z.string().nullable(),
});
export type THoursTableRow = z.infer<typeof ZHoursTableRow>;
export const ZHoursTable = z.object({ total: z.number().int(), items: z.array(ZHoursTableRow) });
export const HOURS_EXPORT_COLUMNS = [
  'workedOn',
  'name',
  'service',
  'minutes',
  'correction',
  'reason',
] as const;
export const ZHoursExportQuery = ZHoursTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(HOURS_EXPORT_COLUMNS),
});
export type THoursExportQuery = z.infer<typeof ZHoursExportQuery>;

// Group-purchase orders

export const ORDER_TABLE_SORTS = ['address', '-address', 'placedAt', '-placedAt', 'due', '-due'] as const;
export const ZOrderTableFilters = z.object({
  roundId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  delivered: zYesNo(),
  /** Whether the money was collected. */
  collected: zYesNo(),
});
export const ZOrderTableQuery = ZOrderTableFilters.extend({
  sort: z.enum(ORDER_TABLE_SORTS).default('address'),
  limit: zLimit(),
  offset: zOffset(),
});
export type TOrderTableQuery = z.infer<typeof ZOrderTableQuery>;
export const ZOrderTableRow = z.object({
  id: z.uuid(),
  roundId: z.uuid(),
  roundTitle: z.string(),
  householdId: z.uuid(),
  address: ZAddress,
  /** The lines in words: "东北大米 10斤 ×2；花生油 5升 ×1". */
  goods: z.string(),
  dueFen: ZFen,
  placedAt: z.string(),
  deliveredAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
  collectedFen: ZFen.nullable(),
});
export type TOrderTableRow = z.infer<typeof ZOrderTableRow>;
export const ZOrderTable = z.object({ total: z.number().int(), items: z.array(ZOrderTableRow) });
export const ORDER_EXPORT_COLUMNS = [
  'address',
  'round',
  'goods',
  'due',
  'placedAt',
  'delivered',
  'receivedBy',
  'collected',
] as const;
export const ZOrderExportQuery = ZOrderTableQuery.omit({ limit: true, offset: true }).extend({
  columns: zColumns(ORDER_EXPORT_COLUMNS),
});
export type TOrderExportQuery = z.infer<typeof ZOrderExportQuery>;

/** Many orders delivered at once, each to whoever took it in (default: the household). */
export const ZOrderBulkDelivered = z.object({
  ids: z.array(z.uuid()).min(1).max(200),
  receivedBy: z.string().trim().min(1).max(40),
});
export type TOrderBulkDelivered = z.infer<typeof ZOrderBulkDelivered>;
export const ZOrderBulkResult = z.object({
  done: z.array(z.object({ id: z.uuid() })),
  refused: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});
export type TOrderBulkResult = z.infer<typeof ZOrderBulkResult>;
