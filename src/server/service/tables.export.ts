import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../domain/register/spreadsheetText';
import type {
  BOOKING_EXPORT_COLUMNS,
  HOURS_EXPORT_COLUMNS,
  ORDER_EXPORT_COLUMNS,
  SESSION_EXPORT_COLUMNS,
  TBookingExportQuery,
  TBookingTableRow,
  THoursExportQuery,
  THoursTableRow,
  TOrderExportQuery,
  TOrderTableRow,
  TSessionExportQuery,
  TSessionTableRow,
  TVolunteerExportQuery,
  TVolunteerTableRow,
  VOLUNTEER_EXPORT_COLUMNS,
} from '../../shared/contracts/serviceTables';
import type { Language } from '../../shared/languages';
import { appendAudit, byActor } from '../audit/audit.repository';
import type { AccessContext } from '../auth/permissions';
import { canSee } from '../auth/scope';
import { AppError } from '../http/errors';
import { bookingTable, hoursTable, orderTable, sessionTable, volunteerTable } from './tables.usecases';

/**
 * The station's tables as workbooks: the same filters and sort as the table, every matching row within the
 * caller's scope (no paging), the columns the table shows, real dates in China time, the header frozen.
 * Each export is audited with its table, filters, columns and row count; blood pressures are read through
 * the bookings list, which audits each one (only for roles that see health information).
 */

/** More rows than anyone reads in a sheet: narrow the filters first. */
export const SERVICE_EXPORT_MAX_ROWS = 10_000;

type Cell = string | number | Date | null;
interface Column<R> {
  zh: string;
  en: string;
  width: number;
  date?: boolean;
  value: (row: R, lang: Language) => Cell;
}

const yes = (l: Language) => (l === 'en' ? 'Yes' : '是');
const no = (l: Language) => (l === 'en' ? 'No' : '否');
const yuan = (fen: number) => fen / 100;

const SESSION_COLUMNS: Record<(typeof SESSION_EXPORT_COLUMNS)[number], Column<TSessionTableRow>> = {
  startsAt: { zh: '时间', en: 'Starts', width: 18, date: true, value: (r) => new Date(r.startsAt) },
  service: {
    zh: '服务',
    en: 'Service',
    width: 16,
    value: (r, l) => (l === 'en' ? r.serviceEn : r.serviceZh),
  },
  place: {
    zh: '地点',
    en: 'Place',
    width: 14,
    value: (r, l) =>
      r.place === 'station'
        ? l === 'en'
          ? 'Station'
          : '服务站'
        : l === 'en'
          ? `At home, building ${r.buildingNumber ?? ''}`
          : `上门（${r.buildingNumber ?? ''}号楼）`,
  },
  booked: { zh: '预约/名额', en: 'Booked / places', width: 12, value: (r) => `${r.booked}/${r.capacity}` },
  volunteers: {
    zh: '志愿者/需要',
    en: 'Volunteers / needed',
    width: 14,
    value: (r) => `${r.signedUp}/${r.volunteersNeeded}`,
  },
  organiser: { zh: '组织人', en: 'Organiser', width: 12, value: (r) => r.organiser },
  status: {
    zh: '状态',
    en: 'Status',
    width: 10,
    value: (r, l) =>
      r.cancelled
        ? l === 'en'
          ? 'Cancelled'
          : '已取消'
        : r.short > 0
          ? l === 'en'
            ? `Short ${r.short}`
            : `缺 ${r.short} 人`
          : '',
  },
};

const BOOKING_COLUMNS: Record<(typeof BOOKING_EXPORT_COLUMNS)[number], Column<TBookingTableRow>> = {
  startsAt: { zh: '服务时间', en: 'Session', width: 18, date: true, value: (r) => new Date(r.startsAt) },
  service: {
    zh: '服务',
    en: 'Service',
    width: 16,
    value: (r, l) => (l === 'en' ? r.serviceEn : r.serviceZh),
  },
  name: { zh: '居民', en: 'Resident', width: 12, value: (r) => r.name },
  address: { zh: '门牌', en: 'Address', width: 12, value: (r) => r.address.label },
  homeVisit: { zh: '上门', en: 'At home', width: 8, value: (r, l) => (r.homeVisit ? yes(l) : '') },
  bookedAt: { zh: '预约时间', en: 'Booked', width: 18, date: true, value: (r) => new Date(r.bookedAt) },
  served: {
    zh: '已服务',
    en: 'Served',
    width: 8,
    value: (r, l) => (r.served === null ? '' : r.served ? yes(l) : no(l)),
  },
  state: {
    zh: '预约状态',
    en: 'Booking',
    width: 10,
    value: (r, l) => (r.cancelledAt ? (l === 'en' ? 'Cancelled' : '已取消') : l === 'en' ? 'Booked' : '有效'),
  },
  bloodPressure: { zh: '血压', en: 'Blood pressure', width: 10, value: (r) => r.bloodPressure },
};

const VOLUNTEER_COLUMNS: Record<(typeof VOLUNTEER_EXPORT_COLUMNS)[number], Column<TVolunteerTableRow>> = {
  name: { zh: '姓名', en: 'Name', width: 12, value: (r) => r.name },
  phone: { zh: '电话', en: 'Phone', width: 14, value: (r) => r.phone },
  hasAccount: { zh: '自己登录', en: 'Signs in', width: 10, value: (r, l) => (r.hasAccount ? yes(l) : no(l)) },
  minutes: { zh: '服务小时', en: 'Hours', width: 10, value: (r) => Math.round((r.minutes / 60) * 10) / 10 },
  sessions: { zh: '参加场次', en: 'Sessions', width: 10, value: (r) => r.sessions },
  noShows: { zh: '缺席', en: 'No-shows', width: 8, value: (r) => r.noShows },
  lastWorkedOn: { zh: '最近服务', en: 'Last served', width: 12, value: (r) => r.lastWorkedOn },
};

const HOURS_COLUMNS: Record<(typeof HOURS_EXPORT_COLUMNS)[number], Column<THoursTableRow>> = {
  workedOn: { zh: '日期', en: 'Day', width: 12, value: (r) => r.workedOn },
  name: { zh: '志愿者', en: 'Volunteer', width: 12, value: (r) => r.name },
  service: {
    zh: '服务',
    en: 'Service',
    width: 16,
    value: (r, l) => (l === 'en' ? r.serviceEn : r.serviceZh),
  },
  minutes: { zh: '分钟', en: 'Minutes', width: 8, value: (r) => r.minutes },
  correction: {
    zh: '更正',
    en: 'Correction',
    width: 8,
    value: (r, l) => (r.correction ? yes(l) : ''),
  },
  reason: { zh: '原因', en: 'Reason', width: 30, value: (r) => r.reason },
};

const ORDER_COLUMNS: Record<(typeof ORDER_EXPORT_COLUMNS)[number], Column<TOrderTableRow>> = {
  address: { zh: '门牌', en: 'Address', width: 12, value: (r) => r.address.label },
  round: { zh: '团购', en: 'Round', width: 20, value: (r) => r.roundTitle },
  goods: { zh: '货品', en: 'Goods', width: 36, value: (r) => r.goods },
  due: { zh: '应收(元)', en: 'Due (yuan)', width: 10, value: (r) => yuan(r.dueFen) },
  placedAt: { zh: '下单时间', en: 'Ordered', width: 18, date: true, value: (r) => new Date(r.placedAt) },
  delivered: {
    zh: '送达时间',
    en: 'Delivered',
    width: 18,
    date: true,
    value: (r) => (r.deliveredAt ? new Date(r.deliveredAt) : null),
  },
  receivedBy: { zh: '签收人', en: 'Received by', width: 12, value: (r) => r.receivedBy },
  collected: {
    zh: '已收(元)',
    en: 'Collected (yuan)',
    width: 10,
    value: (r) => (r.collectedFen === null ? null : yuan(r.collectedFen)),
  },
};

/** Excel shows times as written: China time, what the table shows. */
function chinaTime(date: Date): Date {
  return new Date(date.getTime() + 8 * 3_600_000);
}

async function workbook<R, K extends string>(
  sheetName: string,
  all: Record<K, Column<R>>,
  columns: readonly K[],
  rows: readonly R[],
  lang: Language,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Linli 邻里';
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((key) => {
    const c = all[key];
    return {
      header: lang === 'en' ? c.en : c.zh,
      key,
      width: c.width,
      ...(c.date && { style: { numFmt: 'yyyy-mm-dd hh:mm' } }),
    };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow(
      Object.fromEntries(
        columns.map((key) => {
          const value = all[key].value(row, lang);
          return [
            key,
            value instanceof Date
              ? chinaTime(value)
              : typeof value === 'string'
                ? neutraliseFormula(value)
                : value,
          ];
        }),
      ),
    );
  }
  if (columns.length > 0)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}

const ALL = { limit: SERVICE_EXPORT_MAX_ROWS, offset: 0 };

function tooLarge(total: number) {
  if (total > SERVICE_EXPORT_MAX_ROWS)
    throw new AppError('service.export_too_large', { max: SERVICE_EXPORT_MAX_ROWS });
}

async function auditExport(
  ctx: AccessContext,
  table: string,
  rows: number,
  columns: readonly string[],
  filters: Record<string, unknown>,
  fieldClass: string | null = null,
) {
  const now = ctx.clock();
  await ctx.db.transaction().execute((trx) =>
    appendAudit(trx, now, [
      byActor(ctx.actor, {
        action: 'service.export',
        targetType: table,
        fieldClass,
        detail: { rows, columns, filters: { ...filters, columns: undefined } },
      }),
    ]),
  );
}

export async function exportSessions(ctx: AccessContext, query: TSessionExportQuery, lang: Language) {
  const { total, items } = await sessionTable(ctx, { ...query, ...ALL });
  tooLarge(total);
  await auditExport(ctx, 'service_session', items.length, query.columns, query);
  return workbook(lang === 'en' ? 'Sessions' : '服务场次', SESSION_COLUMNS, query.columns, items, lang);
}

/** The blood-pressure column only for roles that see health information; asking for it otherwise leaves it out. */
export async function exportBookings(ctx: AccessContext, query: TBookingExportQuery, lang: Language) {
  const withHealth = canSee(ctx.actor.scope, 'health');
  const columns = query.columns.filter((c) => c !== 'bloodPressure' || withHealth);
  // Without the column no reading is read (nor audited as read).
  const readingsWanted = columns.includes('bloodPressure');
  const { total, items } = readingsWanted
    ? await bookingTable(ctx, { ...query, ...ALL }, ALL, 'bookings_table_export')
    : await bookingTable(
        { ...ctx, actor: { ...ctx.actor, scope: { ...ctx.actor.scope, fieldClasses: withoutHealth(ctx) } } },
        { ...query, ...ALL },
      );
  tooLarge(total);
  await auditExport(ctx, 'service_booking', items.length, columns, query, readingsWanted ? 'health' : null);
  return workbook(lang === 'en' ? 'Bookings' : '预约', BOOKING_COLUMNS, columns, items, lang);
}

function withoutHealth(ctx: AccessContext) {
  const classes = new Set(ctx.actor.scope.fieldClasses);
  classes.delete('health');
  return classes;
}

export async function exportVolunteers(ctx: AccessContext, query: TVolunteerExportQuery, lang: Language) {
  const { total, items, from, to } = await volunteerTable(ctx, { ...query, ...ALL });
  tooLarge(total);
  await auditExport(ctx, 'service_volunteer', items.length, query.columns, { ...query, from, to });
  return workbook(lang === 'en' ? 'Volunteers' : '志愿者', VOLUNTEER_COLUMNS, query.columns, items, lang);
}

export async function exportOrders(ctx: AccessContext, query: TOrderExportQuery, lang: Language) {
  const { total, items } = await orderTable(ctx, { ...query, ...ALL });
  tooLarge(total);
  await auditExport(ctx, 'purchase_order', items.length, query.columns, query);
  return workbook(lang === 'en' ? 'Orders' : '团购订单', ORDER_COLUMNS, query.columns, items, lang);
}

export async function exportHours(ctx: AccessContext, query: THoursExportQuery, lang: Language) {
  const { total, items } = await hoursTable(ctx, { ...query, ...ALL });
  tooLarge(total);
  await auditExport(ctx, 'service_hours', items.length, query.columns, query);
  return workbook(lang === 'en' ? 'Hours' : '服务时长', HOURS_COLUMNS, query.columns, items, lang);
}
