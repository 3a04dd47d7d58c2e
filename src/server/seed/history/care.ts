import {
  LADDER_DELAY_MINUTES,
  ZCarePlanInput,
  ZCheckinInput,
  ZVisitInput,
} from '../../../shared/contracts/care';
import {
  type TErrandInput,
  ZErrandDoneInput,
  ZErrandInput,
  ZKeyInput,
  ZKeyUseInput,
  ZMoneyAccountInput,
  ZMoneyEntryInput,
} from '../../../shared/contracts/careKeysMoney';
import type { Actor } from '../../auth/actor';
import { recordCheckin, recordOutcome } from '../../care/checkins.usecases';
import { createErrand, markErrandDone } from '../../care/errands.usecases';
import { recordKeyUse, registerKey } from '../../care/keys.usecases';
import { sweepCheckins } from '../../care/ladder';
import { addMoneyEntry, setMoneyHandler } from '../../care/money.usecases';
import { createPlan } from '../../care/plans.usecases';
import { recordVisit } from '../../care/visits.usecases';
import { localDate } from '../../clock';
import { beijingTime, DAY, daysBetween, type HistoryContext, HOUR, later } from './timeline';

const PLANS = 14;
/** Of the plans, the first few have a daily check-in, from this many days before today. */
const CHECKIN_PLANS = 2;
const CHECKIN_DAYS = 30;
const CHECKIN_TIME = '08:30';
const GRACE_MINUTES = 30;

const POLICIES = ['高龄津贴', '长期护理保险', '居家养老服务补贴', '老年人助餐'];

/**
 * Care of the community's oldest people living alone, through the care use cases: plans (a few high
 * risk, visited weekly), visits with policies explained, daily check-ins with a few missed and
 * climbing the ladder until someone went to the door, a door key in custody used once, errands and
 * the money handled for one resident.
 */
export function planCare(ctx: HistoryContext): void {
  const { random, timeline } = ctx;
  const worker = ctx.actors.worker as Actor;
  const care = { db: ctx.db, clock: timeline.clock, actor: worker, feed: ctx.feed, lang: 'zh-CN' as const };
  const elderly = ctx.households
    .flatMap((h) => h.residents)
    .filter((r) => r.tags.has('elderly_alone') && r.age >= 75)
    .slice(0, PLANS);

  elderly.forEach((resident, index) => {
    const withCheckin = index < CHECKIN_PLANS;
    const risk = index < 5 ? 'high' : 'normal';
    const createdAt = withCheckin
      ? beijingTime(later(ctx.end, -(CHECKIN_DAYS + 1) * DAY), 15, 10 + index)
      : beijingTime(later(ctx.start, random.int(0, 10) * DAY), 10, random.int(0, 59));
    const plan: { id?: string } = {};
    timeline.at(createdAt, async () => {
      const input = ZCarePlanInput.parse({
        residentId: resident.id,
        risk,
        ...(withCheckin && {
          checkin: {
            time: CHECKIN_TIME,
            ways: ['window_sign', 'phone_call', 'newspaper_taken'],
            graceMinutes: GRACE_MINUTES,
            consent: { date: localDate(createdAt), form: 'signed', witness: '社区社工' },
          },
        }),
        note: resident.tags.has('hard_of_hearing') ? '耳背，敲门要用力，最好先打电话' : undefined,
      });
      plan.id = (await createPlan(care, input)).id;
    });

    // Visits every week or month, a day or two either side; two plans have fallen behind lately.
    const every = risk === 'high' ? 7 : 30;
    const behind = index === 5 || index === 6;
    for (
      let at = later(createdAt, random.int(1, 5) * DAY);
      at < ctx.end;
      at = later(at, (every + random.int(-2, 2)) * DAY)
    ) {
      if (behind && ctx.end.getTime() - at.getTime() < 40 * DAY) break;
      const visitedAt = beijingTime(at, random.int(9, 16), random.int(0, 59));
      const explained = random.chance(0.3);
      const worse = random.chance(0.08);
      timeline.at(later(visitedAt, HOUR), async () => {
        if (!plan.id) return;
        await recordVisit(
          care,
          plan.id,
          ZVisitInput.parse({
            visitedAt: visitedAt.toISOString(),
            activities: [
              'chat',
              random.pick(['cleaning', 'cooking', 'shopping', 'medicine'] as const),
              ...(explained ? (['policy_explained'] as const) : []),
            ],
            healthWorse: worse,
            ...(worse && { healthDetail: '腿脚比上次差，下楼要扶着' }),
            policies: explained
              ? [
                  {
                    policy: random.pick(POLICIES),
                    forms: ['spoken_language', 'large_print'],
                    saidBack: random.pick(['yes', 'yes', 'partly'] as const),
                  },
                ]
              : [],
            note: random.pick([
              '精神不错，聊了半个小时',
              '家里收拾得挺干净',
              '说想儿子了',
              '冰箱里菜不多，下次带点',
            ]),
          }),
        );
      });
    }

    if (!withCheckin) return;
    // Every morning a sign: the curtain opened, a call, the newspaper taken in. A few mornings none.
    const misses = new Map<number, 'no_answer_then_found_safe' | 'phone_line_down'>(
      index === 0
        ? [
            [20, 'no_answer_then_found_safe'],
            [6, 'phone_line_down'],
          ]
        : index === 1
          ? [[11, 'no_answer_then_found_safe']]
          : [],
    );
    for (const day of daysBetween(later(createdAt, DAY), ctx.end)) {
      const daysAgo = Math.round((ctx.end.getTime() - day.getTime()) / DAY);
      const due = beijingTime(day, 8, 30);
      const missed = misses.get(daysAgo);
      if (!missed) {
        timeline.at(later(due, random.int(-60, GRACE_MINUTES - 5) * 60_000), async () => {
          if (plan.id) {
            await recordCheckin(
              care,
              plan.id,
              ZCheckinInput.parse({
                way: random.pick(['window_sign', 'phone_call', 'newspaper_taken'] as const),
              }),
            );
          }
        });
        continue;
      }
      // The ladder worker's runs: each step when it falls due, as the server would take it.
      const steps = missed === 'phone_line_down' ? [1, 2, 3] : [1, 2];
      let delay = GRACE_MINUTES;
      for (const step of steps) {
        delay += LADDER_DELAY_MINUTES[step as 1 | 2 | 3];
        const stepAt = later(due, (delay + 2 * step) * 60_000);
        timeline.at(
          stepAt,
          async () => void (await sweepCheckins({ db: ctx.db, clock: timeline.clock, feed: ctx.feed })),
        );
      }
      const foundAt = later(due, (delay + 15) * 60_000);
      timeline.at(foundAt, async () => {
        if (!plan.id) return;
        await recordOutcome(care, plan.id, {
          outcome: missed,
          note:
            missed === 'phone_line_down'
              ? '电话线断了，楼门长拿托管的钥匙开门，老人在家没事'
              : '敲门很久才听见，老人在睡觉，没事',
        });
      });
    }
  });

  const [first, second] = elderly;
  if (!first) return;
  // The first check-in resident's door key, held by the committee's office; used on the morning the line was down.
  const key: { id?: string } = {};
  const keySince = later(ctx.end, -(CHECKIN_DAYS + 1) * DAY);
  timeline.at(beijingTime(keySince, 16, 0), async () => {
    const input = ZKeyInput.parse({
      residentId: first.id,
      holder: { name: '社区办公室', phone: '010-84001234' },
      heldSince: localDate(keySince),
      consent: { date: localDate(keySince), form: 'written' },
      note: '钥匙放在社区办公室保险柜',
    });
    key.id = (await registerKey(care, input)).id;
  });
  const downAt = beijingTime(later(ctx.end, -6 * DAY), 8, 30);
  timeline.at(later(downAt, (GRACE_MINUTES + 100) * 60_000), async () => {
    if (!key.id) return;
    await recordKeyUse(
      care,
      key.id,
      ZKeyUseInput.parse({ reason: '早上签到没回应，电话打不通，开门查看', present: '楼门长、李社工' }),
    );
  });

  // The money of the first resident is handled by the worker: her pension in, the nursing fee out.
  const moneyFrom = later(ctx.start, 3 * DAY);
  timeline.at(beijingTime(moneyFrom, 11, 0), async () => {
    await setMoneyHandler(
      care,
      first.id,
      ZMoneyAccountInput.parse({
        handler: { name: '李社工', phone: '13800001111' },
        note: '老人委托社区代管养老金',
      }),
    );
  });
  /** An errand the worker does for a resident, created at `at`. */
  const errandFrom = (at: Date, input: Omit<TErrandInput, 'doer'>) => {
    const errand: { id?: string } = {};
    timeline.at(at, async () => {
      const parsed = ZErrandInput.parse({ ...input, doer: { name: '李社工', phone: '13800001111' } });
      errand.id = (await createErrand(care, parsed)).id;
    });
    return errand;
  };
  const errand = errandFrom(beijingTime(moneyFrom, 11, 30), {
    residentId: first.id,
    kind: 'pay_fee',
    title: '交日间照料中心月费',
    schedule: { kind: 'monthly', day: 10 },
    startsOn: localDate(later(moneyFrom, DAY)),
    expectedFen: 80_000,
    counterparty: '幸福里日间照料中心',
  });
  for (const day of daysBetween(later(moneyFrom, DAY), ctx.end)) {
    const date = localDate(day);
    if (date.endsWith('-05')) {
      timeline.at(beijingTime(day, 10, 0), async () => {
        await addMoneyEntry(
          care,
          first.id,
          ZMoneyEntryInput.parse({
            kind: 'received',
            amountFen: 320_000,
            counterparty: '养老金',
            purpose: `${date.slice(5, 7)}月养老金`,
          }),
        );
      });
    }
    if (date.endsWith('-10')) {
      timeline.at(beijingTime(day, 14, 0), async () => {
        if (!errand.id) return;
        await markErrandDone(
          care,
          errand.id,
          ZErrandDoneInput.parse({
            dueOn: date,
            spent: { amountFen: 80_000, counterparty: '幸福里日间照料中心' },
          }),
        );
      });
    }
  }
  if (!second) return;
  // The second resident's medicine, fetched every two weeks by the worker.
  const medicineFrom = later(ctx.start, 5 * DAY);
  const medicine = errandFrom(beijingTime(medicineFrom, 9, 0), {
    residentId: second.id,
    kind: 'collect_medicine',
    title: '去社区医院取降压药',
    schedule: { kind: 'every_weeks', every: 2 },
    startsOn: localDate(medicineFrom),
    counterparty: '社区卫生服务站',
  });
  for (let day = medicineFrom; day < later(ctx.end, -14 * DAY); day = later(day, 14 * DAY)) {
    timeline.at(beijingTime(day, 15, 0), async () => {
      if (medicine.id)
        await markErrandDone(care, medicine.id, ZErrandDoneInput.parse({ dueOn: localDate(day) }));
    });
  }
}
