import {
  ZApplicationInput,
  ZFactsInput,
  ZGrantInput,
  ZNoticeInput,
  ZObjectionAnswerInput,
  ZObjectionInput,
} from '../../../shared/contracts/welfare';
import type { Actor } from '../../auth/actor';
import { localDate } from '../../clock';
import {
  approveApplication,
  fileApplication,
  rejectApplication,
  reviewApplication,
} from '../../welfare/applications.usecases';
import { evaluateHousehold } from '../../welfare/decisions.usecases';
import { saveFacts } from '../../welfare/facts.usecases';
import { completeGrantPapers, grantEmergencyAid } from '../../welfare/grants.usecases';
import { answerObjection, publishNotice, recordObjection } from '../../welfare/notices.usecases';
import { beijingTime, DAY, type HistoryContext, type HouseholdFacts, later } from './timeline';

const DOCUMENTS = [
  { key: 'hukou', label: '户口本', received: true },
  { key: 'id_card', label: '身份证', received: true },
  { key: 'income', label: '收入证明', received: true },
];
const OBJECTION_CONTACT = '社区办公室（周一至周五 8:30–17:30）010-84001234';

/**
 * Welfare through its use cases: facts of a dozen households and the decisions the rules give them;
 * dibao applications reviewed, put on a public notice that ended and approved (one turned down);
 * three more on a notice running today, with an objection a neighbour made, one answered and one
 * not yet; and emergency aid, one paid first by the worker with its papers after, one by the committee.
 */
export function planWelfare(ctx: HistoryContext): void {
  const { random, timeline } = ctx;
  const worker = ctx.actors.worker as Actor;
  const committee = ctx.actors.committee as Actor;
  const as = (actor: Actor) => ({ db: ctx.db, clock: timeline.clock, actor });
  const lang = 'zh-CN' as const;
  // Households of one to three people, none of them in another part's plans: the first fits are the poorest.
  const small = ctx.households.filter(
    (h) => h.residents.length <= 3 && h.residents.every((r) => r.age >= 18),
  );
  const households = small.slice(-12);
  const day = (daysAgo: number, hour: number) =>
    beijingTime(later(ctx.end, -daysAgo * DAY), hour, random.int(0, 59));

  households.forEach((household, index) => {
    const poor = index < 8;
    const members = household.residents.length;
    timeline.at(day(80 - index, 10), async () => {
      await saveFacts(
        as(worker),
        household.id,
        ZFactsInput.parse({
          members,
          monthlyIncome: poor ? random.int(500, 1100) * members : random.int(2500, 6000) * members,
          deposits: poor ? random.int(0, 20) * 1000 : random.int(30, 200) * 1000,
          securities: 0,
          vehicles: poor ? 0 : random.int(0, 1),
          homes: 1,
          floorArea: random.int(35, 75),
          localHukou: true,
          memberOver80LivingAlone: members === 1 && (household.residents[0]?.age ?? 0) >= 80,
          seriousIllness: poor && random.chance(0.3),
          hardship: 'none',
        }),
        'zh-CN',
      );
    });
    timeline.at(day(79 - index, 11), async () => {
      await evaluateHousehold(as(worker), household.id, { policyId: poor ? 'dibao' : 'near-dibao' }, lang);
    });
  });

  const apply = (household: HouseholdFacts | undefined, filedDaysAgo: number) => {
    const application: { id?: string } = {};
    const applicant = household?.residents[0];
    if (!household || !applicant) return application;
    timeline.at(day(filedDaysAgo, 9), async () => {
      const input = ZApplicationInput.parse({
        householdId: household.id,
        applicantResidentId: applicant.id,
        policyId: 'dibao',
        documents: DOCUMENTS,
      });
      application.id = (await fileApplication(as(worker), input, lang)).id;
    });
    timeline.at(day(filedDaysAgo - 2, 15), async () => {
      if (application.id)
        await reviewApplication(
          as(committee),
          application.id,
          { approve: true, note: '材料齐全，入户核实属实' },
          lang,
        );
    });
    return application;
  };
  const notice = (applications: { id?: string }[], daysAgo: number) => {
    const result: { id?: string } = {};
    timeline.at(day(daysAgo, 10), async () => {
      const ids = applications.flatMap((a) => (a.id ? [a.id] : []));
      if (ids.length === 0) return;
      const input = ZNoticeInput.parse({
        policyId: 'dibao',
        applicationIds: ids,
        objectionContact: OBJECTION_CONTACT,
      });
      result.id = (await publishNotice(as(worker), input, lang)).id;
    });
    return result;
  };

  // Last autumn's round: on notice for seven working days, then approved — one turned down after an objection upheld.
  const earlier = [apply(households[0], 60), apply(households[1], 60), apply(households[2], 59)];
  const earlierNotice = notice(earlier, 55);
  const upheld: { id?: string } = {};
  timeline.at(day(52, 14), async () => {
    if (!earlierNotice.id || !earlier[2]?.id) return;
    const input = ZObjectionInput.parse({
      applicationId: earlier[2].id,
      channel: 'desk',
      fromName: '同楼居民',
      text: '他家儿子每月给生活费，收入没报全。',
    });
    upheld.id = (await recordObjection(as(worker), earlierNotice.id, input)).id;
  });
  timeline.at(day(50, 16), async () => {
    if (!upheld.id) return;
    const input = ZObjectionAnswerInput.parse({
      answer: '入户核实：儿子每月给 2000 元，家庭人均收入超过低保标准。',
      upheld: true,
    });
    await answerObjection(as(worker), upheld.id, input);
  });
  timeline.at(day(40, 10), async () => {
    for (const [i, application] of earlier.entries()) {
      if (!application.id) continue;
      if (i === 2)
        await rejectApplication(
          as(committee),
          application.id,
          { note: '公示期异议经核实成立，收入超过标准' },
          lang,
        );
      else await approveApplication(as(committee), application.id, { note: '公示期满无异议' }, lang);
    }
  });

  // This month's round: on notice since three days ago, running today, with two objections.
  const current = [apply(households[3], 9), apply(households[4], 8), apply(households[5], 8)];
  const currentNotice = notice(current, 3);
  const objections: { id?: string }[] = [{}, {}];
  timeline.at(day(2, 9), async () => {
    if (!currentNotice.id || !current[0]?.id) return;
    const input = ZObjectionInput.parse({
      applicationId: current[0].id,
      channel: 'phone',
      fromName: '邻居',
      text: '听说他家有辆车。',
    });
    objections[0] = { id: (await recordObjection(as(worker), currentNotice.id, input)).id };
  });
  timeline.at(day(1, 15), async () => {
    if (!objections[0]?.id) return;
    const input = ZObjectionAnswerInput.parse({
      answer: '经入户核实，车辆是送重病家人就医用的，不影响认定。',
      upheld: false,
    });
    await answerObjection(as(worker), objections[0].id, input);
  });
  timeline.at(day(1, 10), async () => {
    if (!currentNotice.id || !current[1]?.id) return;
    const input = ZObjectionInput.parse({
      applicationId: current[1].id,
      channel: 'letter',
      text: '为什么他家能评上，我家条件更差却没有？',
    });
    objections[1] = { id: (await recordObjection(as(worker), currentNotice.id, input)).id };
  });

  // Emergency aid: a fire paid first by the worker, papers in a few days later; an illness by the committee.
  const fire = households[6];
  const illness = households[7];
  const grant: { id?: string } = {};
  if (fire) {
    timeline.at(day(25, 20), async () => {
      const input = ZGrantInput.parse({
        householdId: fire.id,
        hardship: 'accident',
        amountFen: 150_000,
        reason: '厨房失火，先行救助，买被褥和锅灶',
      });
      const granted = await grantEmergencyAid(as(worker), input, 'zh-CN');
      if (granted.status === 200) grant.id = granted.grant.id;
    });
    timeline.at(day(22, 11), async () => {
      if (grant.id)
        await completeGrantPapers(as(worker), grant.id, {
          completedOn: localDate(day(22, 11)),
          note: '申请表、照片和收据已补齐',
        });
    });
  }
  if (illness) {
    timeline.at(day(45, 16), async () => {
      const input = ZGrantInput.parse({
        householdId: illness.id,
        hardship: 'illness',
        amountFen: 200_000,
        reason: '突发重病住院，医保报销后自付部分负担不起',
      });
      await grantEmergencyAid(as(committee), input, 'zh-CN');
    });
  }
}
