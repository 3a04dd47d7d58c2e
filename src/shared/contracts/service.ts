import { z } from 'zod';
import { ZFen, ZMonth } from './careKeysMoney';
import { ZAddress } from './registry';

/**
 * The volunteer service station (issue 7): services and their dated market values, sessions with
 * bookings and volunteers, the volunteers' hours, blood-pressure readings under consent, group
 * purchases, and the value delivered. Money in fen (integers), times ISO-8601, days YYYY-MM-DD.
 *
 * Endpoints (session cookie; POST needs x-csrf-token; those marked ⟲ take an Idempotency-Key):
 *   GET  /api/v1/service/services?communityId             → ZServiceList
 *   POST /api/v1/service/services                         ZServiceInput → ZService                (worker, committee)
 *   POST /api/v1/service/services/:id/values              ZServiceValueInput → ZService           (worker, committee)
 *   GET  /api/v1/service/sessions?from&to                 → ZSessionList
 *   POST /api/v1/service/sessions                         ZSessionInput → ZSession                (worker, committee)
 *   GET  /api/v1/service/sessions/:id                     → ZSession (bookings the caller may see)
 *   POST /api/v1/service/sessions/:id/bookings ⟲          ZBookingInput → ZSession                (staff, chain roles)
 *   POST /api/v1/service/bookings/:id/cancel              → ZSession
 *   POST /api/v1/service/bookings/:id/attendance          ZAttendanceInput → ZSession              (worker, committee)
 *   GET  /api/v1/service/volunteers                       → ZVolunteerList                        (worker, committee)
 *   POST /api/v1/service/volunteers                       ZVolunteerInput → ZVolunteer            (worker, committee)
 *   POST /api/v1/service/sessions/:id/signups             ZSignupInput → ZSession (a volunteer: only themselves)
 *   GET  /api/v1/service/sessions/:id/checkin-qr.svg      → the QR code of the signed check-in URL (organiser)
 *   POST /api/v1/service/sessions/:id/checkin             ZCheckInput → ZSession  (volunteer with the QR code, or organiser with volunteerId)
 *   POST /api/v1/service/sessions/:id/checkout            ZCheckInput → ZSession  (the same; writes the hours)
 *   POST /api/v1/service/sessions/:id/no-shows            → ZSession (after the end)                (worker, committee)
 *   GET  /api/v1/service/reminders/tomorrow               → ZReminderList                         (worker, committee)
 *   GET  /api/v1/service/reports/short-of-volunteers?days → ZShortList                            (worker, committee)
 *   GET  /api/v1/service/volunteers/:id/hours?year        → ZHours (own record only for a volunteer)
 *   GET  /api/v1/service/me/hours?year                    → ZHours
 *   GET  /api/v1/service/me/sessions?from&to              → ZMySessions (a volunteer: signed up, and open to join)
 *   GET  /api/v1/service/volunteers/:id/hours/certificate.pdf?year → application/pdf
 *   POST /api/v1/service/hours/:id/corrections            ZHoursCorrectionInput → ZHours           (worker, committee)
 *   GET  /api/v1/service/residents/:id/consent            → ZConsentStatus (audited, class health) (worker, committee)
 *   POST /api/v1/service/residents/:id/consent            ZConsentInput → ZConsent                 (worker, committee)
 *   POST /api/v1/service/residents/:id/consent/withdraw   ZConsentWithdrawInput → ZConsent         (worker, committee)
 *   POST /api/v1/service/sessions/:id/readings ⟲          ZReadingInput → ZReading                 (worker, committee)
 *   GET  /api/v1/service/residents/:id/readings           → ZReadingList (each read audited, class health)
 *   GET  /api/v1/service/rounds                           → ZRoundList
 *   POST /api/v1/service/rounds                           ZRoundInput → ZRound                     (worker, committee)
 *   GET  /api/v1/service/rounds/:id                       → ZRound
 *   POST /api/v1/service/rounds/:id/orders ⟲              ZOrderInput → ZOrder                     (staff, chain roles)
 *   GET  /api/v1/service/rounds/:id/deliveries?buildingId&entranceId → ZDeliveryList (walking order)
 *   GET  /api/v1/service/rounds/:id/deliveries.pdf?buildingId&entranceId → large-type PDF
 *   POST /api/v1/service/orders/:id/delivered             ZDeliveredInput → ZOrder
 *   POST /api/v1/service/orders/:id/collected             ZCollectedInput → ZOrder                 (worker, committee)
 *   GET  /api/v1/service/rounds/:id/reconciliation        → ZReconciliation                        (worker, committee)
 *   GET  /api/v1/service/value?communityId&from&to        → ZValueReport (subdistrict, worker, committee)
 *   GET  /api/v1/service/value/summary.pdf?communityId&month → application/pdf
 */

const ZDate = z.iso.date();
const ZInstant = z.iso.datetime({ offset: true });

export const SERVICE_UNITS = ['visit', 'person_visit', 'hour'] as const;
export const ZServiceUnit = z.enum(SERVICE_UNITS);

export const ZCommunityQuery = z.object({ communityId: z.uuid().optional() });

export const ZServiceValue = z.object({ validFrom: ZDate, valueFen: ZFen });
export const ZService = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  unit: ZServiceUnit,
  /** The value in force today; null when none is set yet. */
  currentValueFen: ZFen.nullable(),
  values: z.array(ZServiceValue),
});
export type TService = z.infer<typeof ZService>;
export const ZServiceList = z.object({ items: z.array(ZService) });

export const ZServiceInput = z.object({
  communityId: z.uuid().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/),
  nameZh: z.string().trim().min(1).max(40),
  nameEn: z.string().trim().min(1).max(80),
  unit: ZServiceUnit,
  value: ZServiceValue.extend({ valueFen: ZFen.min(0).max(10_000_000) }),
});
export const ZServiceValueInput = z.object({ validFrom: ZDate, valueFen: ZFen.min(0).max(10_000_000) });

export const ZPlace = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('station') }),
  z.object({ kind: z.literal('home'), buildingId: z.uuid() }),
]);

export const ZSessionInput = z.object({
  serviceId: z.uuid(),
  startsAt: ZInstant,
  endsAt: ZInstant,
  place: ZPlace,
  capacity: z.number().int().min(1).max(1000),
  volunteersNeeded: z.number().int().min(0).max(200),
  note: z.string().trim().max(500).optional(),
});
export const ZSessionListQuery = z.object({ from: ZDate.optional(), to: ZDate.optional() });

export const ZResidentRef = z.object({
  residentId: z.uuid(),
  householdId: z.uuid(),
  name: z.string(),
  address: ZAddress,
});

export const ZBooking = z.object({
  id: z.uuid(),
  resident: ZResidentRef,
  homeVisit: z.boolean(),
  bookedAt: z.string(),
  served: z.boolean().nullable(),
});
export const ZSignup = z.object({
  id: z.uuid(),
  volunteerId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  noShow: z.boolean(),
});
export const ZSession = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  service: z.object({ id: z.uuid(), nameZh: z.string(), nameEn: z.string(), unit: ZServiceUnit }),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.object({ kind: z.enum(['station', 'home']), buildingId: z.uuid().nullable() }),
  capacity: z.number().int(),
  booked: z.number().int(),
  volunteersNeeded: z.number().int(),
  signedUp: z.number().int(),
  organiser: z.string(),
  note: z.string().nullable(),
  /** The series this session was generated from (issue 20), if any. */
  seriesId: z.uuid().nullable(),
  cancelledAt: z.string().nullable(),
  /** Where a moved session was first planned to start. */
  movedFrom: z.string().nullable(),
  /** Why it was moved or cancelled. */
  changeReason: z.string().nullable(),
  /** Only the bookings of residents the caller may see. */
  bookings: z.array(ZBooking),
  /** Staff and the volunteers of this session see who is coming. */
  signups: z.array(ZSignup),
});
export type TSession = z.infer<typeof ZSession>;
export const ZSessionList = z.object({ items: z.array(ZSession.omit({ bookings: true, signups: true })) });
/** A volunteer's coming sessions: those they signed up for, and those not over they could still join. */
export const ZMySessions = z.object({
  mine: z.array(ZSession.omit({ bookings: true, signups: true })),
  open: z.array(ZSession.omit({ bookings: true, signups: true })),
});

export const ZBookingInput = z.object({ residentId: z.uuid(), homeVisit: z.boolean().default(false) });
export const ZAttendanceInput = z.object({ served: z.boolean() });

export const ZVolunteerInput = z.object({
  communityId: z.uuid().optional(),
  name: z.string().trim().min(1).max(40),
  phone: z.string().trim().max(20).optional(),
  userId: z.uuid().optional(),
  residentId: z.uuid().optional(),
});
export const ZVolunteer = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  userId: z.uuid().nullable(),
  residentId: z.uuid().nullable(),
});
export type TVolunteer = z.infer<typeof ZVolunteer>;
/** In the station's list, each volunteer with the minutes served this calendar year (corrections included). */
export const ZVolunteerList = z.object({
  year: z.number().int(),
  items: z.array(ZVolunteer.extend({ yearMinutes: z.number().int() })),
});

/** A volunteer signs up themselves (no id); the organiser names the volunteer. */
export const ZSignupInput = z.object({ volunteerId: z.uuid().optional() });
/** A volunteer brings the code from the QR; the organiser's list names the volunteer instead. */
export const ZCheckInput = z.object({
  code: z.string().max(200).optional(),
  volunteerId: z.uuid().optional(),
});

export const ZReminder = z.object({
  session: ZSession.omit({ bookings: true, signups: true }),
  volunteers: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
  residents: z.array(z.object({ name: z.string(), address: z.string(), homeVisit: z.boolean() })),
});
export const ZReminderList = z.object({ date: ZDate, items: z.array(ZReminder) });

export const ZShortQuery = z.object({ days: z.coerce.number().int().min(1).max(60).default(7) });
export const ZShortList = z.object({
  items: z.array(ZSession.omit({ bookings: true, signups: true }).extend({ short: z.number().int() })),
});

export const ZYearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const ZHoursEntry = z.object({
  id: z.uuid(),
  workedOn: ZDate,
  minutes: z.number().int(),
  sessionId: z.uuid().nullable(),
  service: z.string().nullable(),
  correctsId: z.uuid().nullable(),
  reason: z.string().nullable(),
  recordedAt: z.string(),
});
export const ZHours = z.object({
  volunteer: ZVolunteer,
  year: z.number().int(),
  entries: z.array(ZHoursEntry),
  months: z.array(z.object({ month: ZMonth, minutes: z.number().int() })),
  totalMinutes: z.number().int(),
});
export type THours = z.infer<typeof ZHours>;
export const ZHoursCorrectionInput = z.object({
  /** The entry's minutes as they should have been. */
  minutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  reason: z.string().trim().min(1).max(500),
});

export const ZConsentInput = z.object({ date: ZDate, witness: z.string().trim().min(1).max(40) });
export const ZConsentWithdrawInput = z.object({ date: ZDate.optional() });
export const ZConsent = z.object({
  id: z.uuid(),
  residentId: z.uuid(),
  date: ZDate,
  witness: z.string(),
  withdrawnOn: ZDate.nullable(),
});

/** The consent in force, else the latest withdrawn one, else none: asked before taking a reading. */
export const ZConsentStatus = z.object({ inForce: z.boolean(), consent: ZConsent.nullable() });
export type TConsentStatus = z.infer<typeof ZConsentStatus>;

export const ZReadingInput = z.object({
  residentId: z.uuid(),
  systolic: z.number().int().min(50).max(300),
  diastolic: z.number().int().min(30).max(200),
  pulse: z.number().int().min(20).max(250).optional(),
});
export const ZReading = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  residentId: z.uuid(),
  systolic: z.number().int(),
  diastolic: z.number().int(),
  pulse: z.number().int().nullable(),
  takenAt: z.string(),
  flagged: z.boolean(),
  /** Set when a flagged reading became a follow-up on the resident's care plan. */
  careFollowupId: z.uuid().nullable(),
  /** A flagged reading of a resident without a care plan: recorded, and the organiser is told so. */
  noCarePlan: z.boolean(),
});
export const ZReadingList = z.object({ items: z.array(ZReading) });

export const ZRoundItemInput = z.object({
  name: z.string().trim().min(1).max(40),
  unit: z.string().trim().min(1).max(10),
  marketFen: ZFen.min(0).max(10_000_000),
  groupFen: ZFen.min(0).max(10_000_000),
});
export const ZRoundInput = z.object({
  communityId: z.uuid().optional(),
  title: z.string().trim().min(1).max(80),
  supplier: z.string().trim().min(1).max(80),
  closesOn: ZDate,
  items: z.array(ZRoundItemInput).min(1).max(50),
});
export const ZRound = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  supplier: z.string(),
  closesOn: ZDate,
  open: z.boolean(),
  items: z.array(ZRoundItemInput.extend({ id: z.uuid() })),
  orders: z.number().int(),
  /** Orders of households in the caller's scope not yet delivered: a building leader's doors still waiting. */
  undeliveredInScope: z.number().int(),
  savingsFen: ZFen,
});
export type TRound = z.infer<typeof ZRound>;
export const ZRoundList = z.object({ items: z.array(ZRound) });

export const ZOrderInput = z.object({
  householdId: z.uuid(),
  lines: z
    .array(z.object({ itemId: z.uuid(), quantity: z.number().int().min(1).max(100) }))
    .min(1)
    .max(50),
});
export const ZOrder = z.object({
  id: z.uuid(),
  roundId: z.uuid(),
  householdId: z.uuid(),
  address: ZAddress,
  lines: z.array(
    z.object({ itemId: z.uuid(), name: z.string(), unit: z.string(), quantity: z.number().int() }),
  ),
  dueFen: ZFen,
  deliveredAt: z.string().nullable(),
  receivedBy: z.string().nullable(),
  collectedFen: ZFen.nullable(),
  collectionNote: z.string().nullable(),
});
export type TOrder = z.infer<typeof ZOrder>;
export const ZDeliveryQuery = z.object({ buildingId: z.uuid().optional(), entranceId: z.uuid().optional() });
export const ZDeliveryList = z.object({ round: ZRound, items: z.array(ZOrder) });
export const ZDeliveredInput = z.object({ receivedBy: z.string().trim().min(1).max(40) });
export const ZCollectedInput = z.object({
  collectedFen: ZFen.min(0).max(100_000_000),
  note: z.string().trim().max(500).optional(),
});
export const ZReconciliation = z.object({
  round: ZRound,
  expectedFen: ZFen,
  collectedFen: ZFen,
  uncollected: z.number().int(),
  differences: z.array(
    z.object({
      orderId: z.uuid(),
      address: z.string(),
      dueFen: ZFen,
      collectedFen: ZFen,
      differenceFen: ZFen,
      note: z.string(),
    }),
  ),
});

export const ZValueQuery = z.object({ communityId: z.uuid().optional(), from: ZDate, to: ZDate });
export const ZValueMonthQuery = z.object({ communityId: z.uuid().optional(), month: ZMonth });
const ZValueRow = z.object({ key: z.string(), label: z.string(), fen: ZFen });
export const ZValueReport = z.object({
  from: ZDate,
  to: ZDate,
  servicesFen: ZFen,
  savingsFen: ZFen,
  totalFen: ZFen,
  byMonth: z.array(
    z.object({ month: ZMonth, servicesFen: ZFen, savingsFen: ZFen, totalFen: ZFen, runningFen: ZFen }),
  ),
  byService: z.array(ZValueRow.extend({ delivered: z.number().int() })),
  byBuilding: z.array(ZValueRow),
  /** The 20 volunteers whose sessions delivered most (a session counts for each of its volunteers). */
  byVolunteer: z.array(ZValueRow.extend({ minutes: z.number().int() })),
});
export type TValueReport = z.infer<typeof ZValueReport>;

/** The header that makes a create safe to retry (as for reports). */
export const ZIdParam = z.object({ id: z.uuid() });

// ——— Recurring sessions (issue 20) ———
/*
 *   POST /api/v1/service/series                       ZSeriesInput → ZSeries (worker, committee): generates weeksAhead of sessions
 *   GET  /api/v1/service/series                       → ZSeriesList (the station's series, sessions from today on)
 *   GET  /api/v1/service/series/:id                   → ZSeries
 *   POST /api/v1/service/series/:id/generate          → ZSeries (sessions up to today + weeksAhead; run again any day)
 *   POST /api/v1/service/series/:id/enrolments        ZBookingInput → ZSeries (booked on every coming session)
 *   POST /api/v1/service/series/:id/volunteers        ZSignupInput → ZSeries (signed up for every coming session)
 *   POST /api/v1/service/sessions/:id/cancel          ZCancelSessionInput → ZSessionChange (worker, committee)
 *   POST /api/v1/service/sessions/:id/move            ZMoveSessionInput → ZSessionChange (worker, committee)
 * A volunteer signs up for one date with the existing POST /sessions/:id/signups.
 */
export const ZSeriesInput = z
  .object({
    serviceId: z.uuid(),
    rule: z.enum(['weekly', 'monthly']),
    /** Weekly: 1 Monday … 7 Sunday. */
    weekday: z.number().int().min(1).max(7).optional(),
    /** Monthly: 1–28, a day every month has. */
    monthDay: z.number().int().min(1).max(28).optional(),
    /** Beijing time. */
    startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
    minutes: z
      .number()
      .int()
      .min(10)
      .max(12 * 60),
    place: ZPlace,
    capacity: z.number().int().min(1).max(1000),
    volunteersNeeded: z.number().int().min(0).max(200),
    startsOn: ZDate,
    endsOn: ZDate.optional(),
    weeksAhead: z.number().int().min(1).max(12).default(4),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => (v.rule === 'weekly' ? v.weekday !== undefined : v.monthDay !== undefined), {
    message: 'weekly needs weekday, monthly needs monthDay',
    path: ['rule'],
  });
export const ZSeries = z.object({
  id: z.uuid(),
  serviceId: z.uuid(),
  rule: z.enum(['weekly', 'monthly']),
  weekday: z.number().int().nullable(),
  monthDay: z.number().int().nullable(),
  startTime: z.string(),
  minutes: z.number().int(),
  startsOn: ZDate,
  endsOn: ZDate.nullable(),
  weeksAhead: z.number().int(),
  enrolled: z.number().int(),
  volunteers: z.number().int(),
  sessions: z.array(ZSession.omit({ bookings: true, signups: true })),
});
/** GET /api/v1/service/series → the station's series, each with its sessions from today on. */
export const ZSeriesList = z.object({ series: z.array(ZSeries) });
export const ZCancelSessionInput = z.object({ reason: z.string().trim().min(1).max(500) });
export const ZMoveSessionInput = z.object({
  startsAt: ZInstant,
  endsAt: ZInstant,
  reason: z.string().trim().min(1).max(500),
});
/** A moved or cancelled session, and everyone booked or signed up on it, to be told. */
export const ZSessionChange = z.object({
  session: ZSession.omit({ bookings: true, signups: true }),
  residentsToTell: z.array(ZResidentRef.extend({ phone: z.string().nullable(), homeVisit: z.boolean() })),
  volunteersToTell: z.array(
    z.object({ volunteerId: z.uuid(), name: z.string(), phone: z.string().nullable() }),
  ),
});
