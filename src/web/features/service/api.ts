import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type ZCollectedInput,
  ZConsent,
  ZConsentStatus,
  ZDeliveryList,
  ZHours,
  type ZHoursCorrectionInput,
  ZMySessions,
  ZOrder,
  type ZOrderInput,
  ZReading,
  type ZReadingInput,
  ZReadingList,
  ZReconciliation,
  ZReminderList,
  ZRound,
  type ZRoundInput,
  ZRoundList,
  ZSeries,
  type ZSeriesInput,
  ZSeriesList,
  ZService,
  type ZServiceInput,
  ZServiceList,
  type ZServiceValueInput,
  ZSession,
  ZSessionChange,
  type ZSessionInput,
  ZSessionList,
  ZShortList,
  ZValueReport,
  ZVolunteer,
  type ZVolunteerInput,
  ZVolunteerList,
} from '../../../shared/contracts/service';
import { api } from '../../lib/api';

/** Everything the station shows; one prefix so a change anywhere refreshes every station view. */
export const serviceKeys = {
  all: ['service'] as const,
  services: ['service', 'services'] as const,
  sessions: (from: string, to: string) => ['service', 'sessions', from, to] as const,
  session: (id: string) => ['service', 'session', id] as const,
  mySessions: (from: string) => ['service', 'mySessions', from] as const,
  volunteers: ['service', 'volunteers'] as const,
  reminders: ['service', 'reminders'] as const,
  short: (days: number) => ['service', 'short', days] as const,
  myHours: (year: number) => ['service', 'myHours', year] as const,
  volunteerHours: (volunteerId: string, year: number) =>
    ['service', 'volunteerHours', volunteerId, year] as const,
  value: (from: string, to: string) => ['service', 'value', from, to] as const,
  rounds: ['service', 'rounds'] as const,
  series: ['service', 'series'] as const,
  deliveries: (roundId: string, buildingId: string) =>
    ['service', 'deliveries', roundId, buildingId] as const,
  reconciliation: (roundId: string) => ['service', 'reconciliation', roundId] as const,
  readings: (residentId: string) => ['service', 'readings', residentId] as const,
  consent: (residentId: string) => ['service', 'consent', residentId] as const,
};

const base = '/api/v1/service';
const id = (value: string) => encodeURIComponent(value);

function qs(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A POST under the station whose answer refreshes every station view. */
function useStationMutation<V, T>(request: (variables: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.all, refetchType: 'active' });
    },
  });
}

function post<T>(path: string, body: unknown, schema: z.ZodType<T>, headers?: Record<string, string>) {
  return api(`${base}${path}`, { method: 'POST', body, schema, ...(headers ? { headers } : {}) });
}

/** A key made once per tap, so a retried request after a dropped answer books only once. */
function onceKey(): Record<string, string> {
  return { 'Idempotency-Key': crypto.randomUUID() };
}

// ---------------------------------------------------------------- catalogue and sessions

export function useServices(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.services,
    queryFn: ({ signal }) => api(`${base}/services`, { schema: ZServiceList, signal }),
    enabled,
  });
}

export function useCreateService() {
  return useStationMutation((body: z.input<typeof ZServiceInput>) => post('/services', body, ZService));
}

/** A new market value from a day on; sessions before that day keep the value of their own day. */
export function useSetServiceValue(serviceId: string) {
  return useStationMutation((body: z.input<typeof ZServiceValueInput>) =>
    post(`/services/${id(serviceId)}/values`, body, ZService),
  );
}

export function useSessions(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.sessions(from, to),
    queryFn: ({ signal }) => api(`${base}/sessions${qs({ from, to })}`, { schema: ZSessionList, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useSession(sessionId: string) {
  return useQuery({
    queryKey: serviceKeys.session(sessionId),
    queryFn: ({ signal }) => api(`${base}/sessions/${id(sessionId)}`, { schema: ZSession, signal }),
  });
}

/** The signed-in volunteer's coming sessions: signed up, and open to join. */
export function useMySessions(from: string) {
  return useQuery({
    queryKey: serviceKeys.mySessions(from),
    queryFn: ({ signal }) => api(`${base}/me/sessions${qs({ from })}`, { schema: ZMySessions, signal }),
  });
}

export function useCreateSession() {
  return useStationMutation((body: z.input<typeof ZSessionInput>) => post('/sessions', body, ZSession));
}

export function useBookResident(sessionId: string) {
  return useStationMutation((body: { residentId: string; homeVisit: boolean }) =>
    post(`/sessions/${id(sessionId)}/bookings`, body, ZSession, onceKey()),
  );
}

export function useCancelBooking() {
  return useStationMutation((bookingId: string) => post(`/bookings/${id(bookingId)}/cancel`, {}, ZSession));
}

export function useAttendance() {
  return useStationMutation(({ bookingId, served }: { bookingId: string; served: boolean }) =>
    post(`/bookings/${id(bookingId)}/attendance`, { served }, ZSession),
  );
}

export function useNoShows(sessionId: string) {
  return useStationMutation(() => post(`/sessions/${id(sessionId)}/no-shows`, {}, ZSession));
}

// ---------------------------------------------------------------- volunteers

export function useVolunteers(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.volunteers,
    queryFn: ({ signal }) => api(`${base}/volunteers`, { schema: ZVolunteerList, signal }),
    enabled,
  });
}

export function useCreateVolunteer() {
  return useStationMutation((body: z.input<typeof ZVolunteerInput>) => post('/volunteers', body, ZVolunteer));
}

/** Without a volunteer id the signed-in volunteer signs up themselves. */
export function useSignUp(sessionId: string) {
  return useStationMutation((volunteerId?: string) =>
    post(`/sessions/${id(sessionId)}/signups`, volunteerId ? { volunteerId } : {}, ZSession),
  );
}

/** Check-in or check-out: the organiser names the volunteer, a volunteer brings the QR's code. */
export function useCheck(sessionId: string) {
  return useStationMutation(
    ({ direction, ...body }: { direction: 'checkin' | 'checkout'; volunteerId?: string; code?: string }) =>
      post(`/sessions/${id(sessionId)}/${direction}`, body, ZSession),
  );
}

export function useMyHours(year: number, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.myHours(year),
    queryFn: ({ signal }) => api(`${base}/me/hours${qs({ year })}`, { schema: ZHours, signal }),
    enabled,
  });
}

/** One volunteer's year of hours, as the station's staff see it. */
export function useVolunteerHours(volunteerId: string, year: number) {
  return useQuery({
    queryKey: serviceKeys.volunteerHours(volunteerId, year),
    queryFn: ({ signal }) =>
      api(`${base}/volunteers/${id(volunteerId)}/hours${qs({ year })}`, { schema: ZHours, signal }),
  });
}

/** Sets a ledger entry to the minutes it should have had; the server adds a new entry with the difference. */
export function useCorrectHours() {
  return useStationMutation(
    ({ entryId, ...body }: { entryId: string } & z.input<typeof ZHoursCorrectionInput>) =>
      post(`/hours/${id(entryId)}/corrections`, body, ZHours),
  );
}

export function certificatePath(volunteerId: string, year: number): string {
  return `${base}/volunteers/${id(volunteerId)}/hours/certificate.pdf${qs({ year })}`;
}

export function qrPath(sessionId: string): string {
  return `${base}/sessions/${id(sessionId)}/checkin-qr.svg`;
}

// ---------------------------------------------------------------- planning and value

export function useReminders(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.reminders,
    queryFn: ({ signal }) => api(`${base}/reminders/tomorrow`, { schema: ZReminderList, signal }),
    enabled,
  });
}

export function useShortOfVolunteers(days: number, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.short(days),
    queryFn: ({ signal }) =>
      api(`${base}/reports/short-of-volunteers${qs({ days })}`, { schema: ZShortList, signal }),
    enabled,
  });
}

export function useValue(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.value(from, to),
    queryFn: ({ signal }) => api(`${base}/value${qs({ from, to })}`, { schema: ZValueReport, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function summaryPath(month: string): string {
  return `${base}/value/summary.pdf${qs({ month })}`;
}

// ---------------------------------------------------------------- group purchases

export function useRounds(enabled = true) {
  return useQuery({
    queryKey: serviceKeys.rounds,
    queryFn: ({ signal }) => api(`${base}/rounds`, { schema: ZRoundList, signal }),
    enabled,
  });
}

export function useCreateRound() {
  return useStationMutation((body: z.input<typeof ZRoundInput>) => post('/rounds', body, ZRound));
}

export function usePlaceOrder(roundId: string) {
  return useStationMutation((body: z.input<typeof ZOrderInput>) =>
    post(`/rounds/${id(roundId)}/orders`, body, ZOrder, onceKey()),
  );
}

export function useDeliveries(roundId: string, buildingId: string) {
  return useQuery({
    queryKey: serviceKeys.deliveries(roundId, buildingId),
    queryFn: ({ signal }) =>
      api(`${base}/rounds/${id(roundId)}/deliveries${qs({ buildingId })}`, { schema: ZDeliveryList, signal }),
    placeholderData: keepPreviousData,
  });
}

export function deliveriesPdfPath(roundId: string, buildingId: string): string {
  return `${base}/rounds/${id(roundId)}/deliveries.pdf${qs({ buildingId })}`;
}

export function useDelivered() {
  return useStationMutation(({ orderId, receivedBy }: { orderId: string; receivedBy: string }) =>
    post(`/orders/${id(orderId)}/delivered`, { receivedBy }, ZOrder),
  );
}

export function useCollected() {
  return useStationMutation(({ orderId, ...body }: { orderId: string } & z.input<typeof ZCollectedInput>) =>
    post(`/orders/${id(orderId)}/collected`, body, ZOrder),
  );
}

export function useReconciliation(roundId: string, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.reconciliation(roundId),
    queryFn: ({ signal }) =>
      api(`${base}/rounds/${id(roundId)}/reconciliation`, { schema: ZReconciliation, signal }),
    enabled,
  });
}

// ---------------------------------------------------------------- health readings (workers and the committee)

/** Asked each time the dialog opens (the read is audited), so a reading is never refused for want of it. */
export function useConsentStatus(residentId: string) {
  return useQuery({
    queryKey: serviceKeys.consent(residentId),
    queryFn: ({ signal }) =>
      api(`${base}/residents/${id(residentId)}/consent`, { schema: ZConsentStatus, signal }),
    staleTime: 0,
  });
}

export function useRecordConsent(residentId: string) {
  return useStationMutation((body: { date: string; witness: string }) =>
    post(`/residents/${id(residentId)}/consent`, body, ZConsent),
  );
}

export function useWithdrawConsent(residentId: string) {
  return useStationMutation(() => post(`/residents/${id(residentId)}/consent/withdraw`, {}, ZConsent));
}

export function useRecordReading(sessionId: string) {
  return useStationMutation((body: z.input<typeof ZReadingInput>) =>
    post(`/sessions/${id(sessionId)}/readings`, body, ZReading, onceKey()),
  );
}

/** Every read is audited, so the history is fetched only when someone asks to see it. */
export function useResidentReadings(residentId: string, enabled: boolean) {
  return useQuery({
    queryKey: serviceKeys.readings(residentId),
    queryFn: ({ signal }) =>
      api(`${base}/residents/${id(residentId)}/readings`, { schema: ZReadingList, signal }),
    enabled,
  });
}

// ---------------------------------------------------------------- series (issue 20)

export function useSeriesList() {
  return useQuery({
    queryKey: serviceKeys.series,
    queryFn: ({ signal }) => api(`${base}/series`, { schema: ZSeriesList, signal }),
  });
}

export function useCreateSeries() {
  return useStationMutation((body: z.input<typeof ZSeriesInput>) => post('/series', body, ZSeries));
}

export function useEnrolInSeries(seriesId: string) {
  return useStationMutation((body: { residentId: string; homeVisit: boolean }) =>
    post(`/series/${id(seriesId)}/enrolments`, body, ZSeries),
  );
}

export function useJoinSeries(seriesId: string) {
  return useStationMutation((volunteerId: string) =>
    post(`/series/${id(seriesId)}/volunteers`, { volunteerId }, ZSeries),
  );
}

/** One date cancelled or moved, with its reason; the answer lists everyone booked on it, to be told. */
export function useChangeSession(sessionId: string) {
  return useStationMutation(
    (body: { reason: string } | { reason: string; startsAt: string; endsAt: string }) =>
      post(`/sessions/${id(sessionId)}/${'startsAt' in body ? 'move' : 'cancel'}`, body, ZSessionChange),
  );
}
