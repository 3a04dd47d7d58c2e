import {
  ZBookingInput,
  ZCollectedInput,
  ZConsentInput,
  ZOrderInput,
  ZReadingInput,
  ZRoundInput,
  ZSessionInput,
  ZVolunteerInput,
} from '../../../shared/contracts/service';
import type { Actor } from '../../auth/actor';
import type { AccessContext } from '../../auth/permissions';
import { localDate } from '../../clock';
import { listServices } from '../../service/catalogue.usecases';
import { createRound, placeOrder, recordCollected, recordDelivered } from '../../service/purchases.usecases';
import { recordConsent, recordReading } from '../../service/readings.usecases';
import { bookResident, createSession, recordAttendance } from '../../service/sessions.usecases';
import { checkIn, checkOut, createVolunteer, signUp } from '../../service/volunteers.usecases';
import { personName } from '../names';
import { beijingTime, DAY, daysBetween, type HistoryContext, HOUR, later } from './timeline';

const VOLUNTEERS = 8;
/** Residents over 65 who come to the station; the first ones agreed to blood-pressure readings. */
const REGULARS = 24;
const WITH_CONSENT = 10;

const ROUND_ITEMS = [
  { name: '东北大米', unit: '10斤', marketFen: 4_500, groupFen: 3_600 },
  { name: '富强面粉', unit: '10斤', marketFen: 3_200, groupFen: 2_600 },
  { name: '花生油', unit: '5升', marketFen: 9_800, groupFen: 8_200 },
];

/**
 * The volunteer service station through its use cases: volunteers; haircuts every other Tuesday,
 * blood pressure every Thursday (readings only with consent), dumplings at home once a month; residents
 * booked and served, volunteers signed up, checked in and out (their hours); a group purchase of rice,
 * flour and oil delivered to the door and paid for, and this month's still open. The coming week's
 * sessions are short of volunteers.
 */
export function planService(ctx: HistoryContext): void {
  const { random, timeline } = ctx;
  const worker = ctx.actors.worker as Actor;
  const station = { db: ctx.db, clock: timeline.clock, actor: worker };
  const services = new Map<string, string>();
  const volunteers: string[] = [];
  const regulars = ctx.households
    .flatMap((h) => h.residents)
    .filter((r) => r.age >= 65)
    .filter((_, i) => i % 3 === 0)
    .slice(0, REGULARS);

  timeline.at(beijingTime(ctx.start, 9, 0), async () => {
    for (const s of (await listServices(station, ctx.communityId)).items) services.set(s.code, s.id);
    const volunteerUser = ctx.actors.volunteer;
    for (let i = 0; i < VOLUNTEERS; i++) {
      const input = ZVolunteerInput.parse({
        name:
          i === 0 && volunteerUser
            ? volunteerUser.user.displayName
            : personName(random, random.chance(0.5) ? 'male' : 'female'),
        phone: `139${String(10_000_000 + i * 7_919_311).slice(0, 8)}`,
        ...(i === 0 && volunteerUser && { userId: volunteerUser.user.id }),
      });
      volunteers.push((await createVolunteer(station, input)).id);
    }
    for (const resident of regulars.slice(0, WITH_CONSENT)) {
      await recordConsent(
        station,
        resident.id,
        ZConsentInput.parse({ date: localDate(ctx.start), witness: '社区社工' }),
      );
    }
  });

  const session = (
    code: string,
    startsAt: Date,
    hours: number,
    place: { kind: 'station' } | { kind: 'home'; buildingId: string },
    booked: number,
  ) => {
    const endsAt = later(startsAt, hours * HOUR);
    const sessionRow: { id?: string; bookings: string[] } = { bookings: [] };
    const people = Array.from({ length: booked }, () => random.pick(regulars));
    const crew = [random.int(0, VOLUNTEERS - 1), random.int(0, VOLUNTEERS - 1)];
    const future = startsAt > ctx.end;
    timeline.at(later(startsAt, future ? -5 * DAY : -4 * DAY), async () => {
      const serviceId = services.get(code);
      if (!serviceId) return;
      const input = ZSessionInput.parse({
        serviceId,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        place,
        capacity: code === 'dumplings' ? 6 : 15,
        volunteersNeeded: 2,
      });
      sessionRow.id = (await createSession(station, input)).id;
      for (const resident of new Set(people)) {
        const answer = await bookResident(
          station,
          sessionRow.id,
          ZBookingInput.parse({ residentId: resident.id, homeVisit: place.kind === 'home' }),
          undefined,
        );
        const booking = answer.bookings.find((b) => b.resident.residentId === resident.id);
        if (booking) sessionRow.bookings.push(booking.id);
      }
      // Coming sessions have one volunteer of the two they need so far.
      for (const v of new Set(future ? crew.slice(0, 1) : crew)) {
        await signUp(station, sessionRow.id, { volunteerId: volunteers[v] });
      }
    });
    if (future) return;
    for (const v of new Set(crew)) {
      timeline.at(later(startsAt, -10 * 60_000), async () => {
        if (sessionRow.id) await checkIn(station, sessionRow.id, { volunteerId: volunteers[v] });
      });
      timeline.at(later(endsAt, random.int(0, 20) * 60_000), async () => {
        if (sessionRow.id) await checkOut(station, sessionRow.id, { volunteerId: volunteers[v] });
      });
    }
    if (code === 'blood_pressure') {
      for (const resident of new Set(people)) {
        if (!regulars.slice(0, WITH_CONSENT).includes(resident)) continue;
        const systolic = random.chance(0.15) ? random.int(160, 178) : random.int(112, 136);
        timeline.at(later(startsAt, random.int(5, 100) * 60_000), async () => {
          if (!sessionRow.id) return;
          const input = ZReadingInput.parse({
            residentId: resident.id,
            systolic,
            diastolic: random.int(68, 96),
            pulse: random.int(60, 90),
          });
          await recordReading(station, sessionRow.id, input, undefined);
        });
      }
    }
    timeline.at(later(endsAt, 30 * 60_000), async () => {
      for (const booking of sessionRow.bookings)
        await recordAttendance(station, booking, { served: random.chance(0.92) });
    });
  };

  const buildings = [...new Set(ctx.households.map((h) => h.building))];
  let week = 0;
  for (const day of daysBetween(ctx.start, later(ctx.end, 7 * DAY))) {
    const weekday = new Date(day.getTime() + 8 * HOUR).getUTCDay();
    if (weekday === 2 && week++ % 2 === 0)
      session('haircut', beijingTime(day, 9, 0), 3, { kind: 'station' }, 4);
    if (weekday === 4) session('blood_pressure', beijingTime(day, 8, 30), 2, { kind: 'station' }, 4);
    if (localDate(day).endsWith('-15')) {
      const buildingId = random.pick(buildings);
      if (buildingId) session('dumplings', beijingTime(day, 14, 0), 3, { kind: 'home', buildingId }, 3);
    }
  }

  planPurchase(ctx, station, later(ctx.end, -24 * DAY), true);
  planPurchase(ctx, station, later(ctx.end, -3 * DAY), false);
}

/** A round of rice, flour and oil: orders while it is open; when `delivered`, delivered and paid. */
function planPurchase(ctx: HistoryContext, station: AccessContext, opensAt: Date, delivered: boolean) {
  const { random, timeline } = ctx;
  const round: { id?: string; items: string[]; orders: { id: string; dueFen: number }[] } = {
    items: [],
    orders: [],
  };
  const closesOn = localDate(later(opensAt, 7 * DAY));
  const buyers = Array.from({ length: delivered ? 12 : 7 }, () => random.pick(ctx.households));
  timeline.at(beijingTime(opensAt, 9, 0), async () => {
    const month = Number(localDate(opensAt).slice(5, 7));
    const answer = await createRound(
      station,
      ZRoundInput.parse({
        title: `${month}月米面油团购`,
        supplier: '京粮社区直供',
        closesOn,
        items: ROUND_ITEMS,
      }),
    );
    round.id = answer.id;
    round.items = answer.items.map((i) => i.id);
  });
  for (const [n, household] of [...new Set(buyers)].entries()) {
    timeline.at(beijingTime(later(opensAt, (n % 6) * DAY), 10 + (n % 8), random.int(0, 59)), async () => {
      if (!round.id) return;
      const lines = round.items
        .filter(() => random.chance(0.7))
        .map((itemId) => ({ itemId, quantity: random.int(1, 2) }));
      const order = await placeOrder(
        station,
        round.id,
        ZOrderInput.parse({
          householdId: household.id,
          lines: lines.length > 0 ? lines : [{ itemId: round.items[0], quantity: 1 }],
        }),
        undefined,
      );
      round.orders.push({ id: order.id, dueFen: order.dueFen });
    });
  }
  if (!delivered) return;
  timeline.at(beijingTime(later(opensAt, 9 * DAY), 9, 0), async () => {
    for (const order of round.orders) {
      await recordDelivered(station, order.id, {
        receivedBy: random.pick(['本人', '老伴', '女儿', '邻居代收']),
      });
      await recordCollected(station, order.id, ZCollectedInput.parse({ collectedFen: order.dueFen }));
    }
  });
}
