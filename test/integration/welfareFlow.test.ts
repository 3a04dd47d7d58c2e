import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, signIn, type TestApp } from '../support/testApp';
import { DIALECTS } from '../support/testDatabase';

const DAY_MINUTES = 24 * 60;

/** Facts of a two-person household whose income per person (768.75 yuan) is well under the dibao standard. */
const POOR = {
  members: 2,
  monthlyIncome: 1537.5,
  deposits: 8000,
  securities: 0,
  vehicles: 0,
  homes: 1,
  floorArea: 48,
  localHukou: true,
};

describe.each(DIALECTS)(
  'welfare applications, notice, objections, roster, emergency aid on %s',
  (dialect) => {
    let t: TestApp;
    const users: Record<string, SignedIn> = {};
    const as = (name: string) => users[name] as SignedIn;
    /** The households used, each with one living member; `a` is the applicant of the main flow. */
    const h: Record<
      'a' | 'b' | 'c' | 'd',
      { householdId: string; residentId: string; building: string; room: string }
    > = {} as never;
    let farHouseholdId: string;

    const signInAll = async () => {
      for (const name of ['worker', 'committee', 'subdistrict', 'c2.worker', 'buildingleader']) {
        users[name] = await signIn(t.app, name);
      }
    };
    /** Moves the clock on; sessions do not outlive that, so everyone signs in again. */
    const laterByDays = async (days: number) => {
      t.clock.advanceMinutes(days * DAY_MINUTES);
      await signInAll();
    };
    const recordFacts = (householdId: string, facts: Record<string, unknown>) =>
      t.database.db
        .insertInto('welfare_facts')
        .values({
          id: randomUUID(),
          community_id: t.seed.communityIds[0] as string,
          household_id: householdId,
          finance_facts: JSON.stringify(facts),
          health_facts: '{}',
          note: null,
          recorded_by_user_id: t.seed.users.find((u) => u.username === 'worker')?.id as string,
          recorded_at: t.clock().toISOString(),
        })
        .execute();
    const file = (key: 'a' | 'b' | 'c' | 'd', who = 'worker') =>
      as(who).post('/api/v1/welfare/applications', {
        householdId: h[key].householdId,
        applicantResidentId: h[key].residentId,
        policyId: 'dibao',
        documents: [
          { key: 'hukou', label: '户口本 household register', received: true },
          { key: 'income', label: '收入证明 proof of income', received: false },
        ],
      });
    const audits = (targetType: string) =>
      t.database.db
        .selectFrom('audit_event')
        .select(['target_id', 'field_class', 'actor_role'])
        .where('action', '=', 'read.sensitive')
        .where('target_type', '=', targetType)
        .execute();

    beforeAll(async () => {
      t = await createTestApp(dialect);
      const db = t.database.db;
      const c1 = t.seed.communityIds[0] as string;
      const residents = await db
        .selectFrom('resident')
        .innerJoin('household', 'household.id', 'resident.household_id')
        .innerJoin('building', 'building.id', 'household.building_id')
        .select([
          'resident.id as residentId',
          'household.id as householdId',
          'building.number as building',
          'household.room',
        ])
        .where('resident.community_id', '=', c1)
        .where('resident.moved_out_at', 'is', null)
        .orderBy('building.number')
        .orderBy('resident.id')
        .execute();
      const seen = new Set<string>();
      const picked = residents.filter((r) => !seen.has(r.householdId) && seen.add(r.householdId));
      (['a', 'b', 'c', 'd'] as const).forEach((key, i) => {
        const row = picked[i];
        if (!row) throw new Error('the test community needs four households');
        h[key] = row;
      });
      // A name whose middle character the notice must hide.
      await db.updateTable('resident').set({ name: '张惠明' }).where('id', '=', h.a.residentId).execute();
      const far = await db
        .selectFrom('household')
        .select('id')
        .where('community_id', '=', t.seed.communityIds[1] as string)
        .executeTakeFirstOrThrow();
      farHouseholdId = far.id;
      await Promise.all([
        recordFacts(h.a.householdId, POOR),
        recordFacts(h.b.householdId, POOR),
        recordFacts(h.c.householdId, POOR),
      ]);
      await signInAll();
    });
    afterAll(async () => {
      await t.close();
    });

    let applicationA: string;
    let amountA: number;
    let noticeId: string;

    it('a worker files an application: checklist, the evaluation of the day kept, status filed', async () => {
      const notMember = await as('worker').post('/api/v1/welfare/applications', {
        householdId: h.a.householdId,
        applicantResidentId: h.b.residentId,
        policyId: 'dibao',
        documents: [],
      });
      expect(notMember.statusCode).toBe(422);
      expect(notMember.json().error.code).toBe('welfare.applicant_not_member');

      const res = await file('a');
      expect(res.statusCode, res.body).toBe(200);
      const application = res.json();
      applicationA = application.id;
      expect(application.status).toBe('filed');
      expect(application.applicantName).toBe('张惠明');
      expect(application.missingDocuments).toEqual(['收入证明 proof of income']);
      expect(application.decision.outcome).toBe('eligible');
      expect(application.decision.amountFen).toBeGreaterThan(0);
      amountA = application.decision.amountFen;
      const kept = await t.database.db
        .selectFrom('welfare_decision')
        .select(['household_id', 'decided_for'])
        .where('id', '=', application.decision.id)
        .executeTakeFirstOrThrow();
      expect(kept).toEqual({ household_id: h.a.householdId, decided_for: '2026-11-29' });
      expect((await audits('welfare_application')).map((a) => a.target_id)).toContain(applicationA);
    });

    it('another community cannot file for, or see, this household and application', async () => {
      const other = await as('c2.worker');
      const filed = await other.post('/api/v1/welfare/applications', {
        householdId: h.a.householdId,
        applicantResidentId: h.a.residentId,
        policyId: 'dibao',
        documents: [],
      });
      expect(filed.statusCode).toBe(404);
      expect((await other.get(`/api/v1/welfare/applications/${applicationA}`)).statusCode).toBe(404);
      expect((await other.get('/api/v1/welfare/applications')).json().applications).toEqual([]);
      const mine = await as('worker').post('/api/v1/welfare/applications', {
        householdId: farHouseholdId,
        applicantResidentId: h.a.residentId,
        policyId: 'dibao',
        documents: [],
      });
      expect(mine.statusCode).toBe(404);
      // A building leader has no welfare permission at all.
      expect(
        (await as('buildingleader').get(`/api/v1/welfare/applications/${applicationA}`)).statusCode,
      ).toBe(403);
    });

    it('only the committee reviews; a wrong step is refused with 409', async () => {
      expect(
        (await as('worker').post(`/api/v1/welfare/applications/${applicationA}/review`, { approve: true }))
          .statusCode,
      ).toBe(403);
      const early = await as('committee').post(`/api/v1/welfare/applications/${applicationA}/approve`, {});
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('welfare.application_wrong_status');
      const res = await as('committee').post(`/api/v1/welfare/applications/${applicationA}/review`, {
        approve: true,
        note: '材料齐全',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'reviewed', reviewNote: '材料齐全' });
      expect(
        (await as('committee').post(`/api/v1/welfare/applications/${applicationA}/review`, { approve: true }))
          .statusCode,
      ).toBe(409);
    });

    it('a notice takes only reviewed applications of the policy, naming the others', async () => {
      const unreviewed = (await file('d')).json().id as string;
      const refused = await as('worker').post('/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds: [applicationA, unreviewed],
        objectionContact: '社区办公室 010-12345678',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.message).toContain(unreviewed);
      expect(refused.json().error.message).not.toContain(applicationA);
      expect((await as('worker').get(`/api/v1/welfare/applications/${applicationA}`)).json().status).toBe(
        'reviewed',
      );

      const res = await as('worker').post('/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds: [applicationA],
        objectionContact: '社区办公室 010-12345678',
      });
      expect(res.statusCode, res.body).toBe(200);
      const notice = res.json();
      noticeId = notice.id;
      // Put up on Sunday 29 November: the count starts on Monday.
      expect(notice).toMatchObject({ startsOn: '2026-11-29', endsOn: '2026-12-08', workingDaysLeft: 7 });
      expect(notice.entries).toEqual([
        { applicationId: applicationA, maskedName: '张*明', building: h.a.building, amountFen: amountA },
      ]);
      expect((await as('worker').get(`/api/v1/welfare/applications/${applicationA}`)).json()).toMatchObject({
        status: 'on_notice',
        noticeId,
      });
      // The notice's page asks for exactly the applications it carries.
      // 应享未享 says a household already on the notice board is, rather than listing it as untouched.
      const lists = (await as('worker').get('/api/v1/welfare/lists?policyId=dibao')).json();
      const onBoard = lists.outreach.find(
        (e: { household: { householdId: string } }) => e.household.householdId === h.a.householdId,
      );
      expect(onBoard?.underway).toBe('on_notice');
      expect(lists.outreach.every((e: { underway: unknown }) => e.underway !== undefined)).toBe(true);
      const carried = await as('committee').get(`/api/v1/welfare/applications?noticeId=${noticeId}`);
      expect(carried.json().applications.map((a: { id: string }) => a.id)).toEqual([applicationA]);
      const bad = await as('committee').get('/api/v1/welfare/applications?noticeId=x');
      expect(bad.statusCode).toBe(400);
    });

    it('the public page needs no sign-in and shows masked name, building, amount — no income, no flat', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/welfare/notices/${noticeId}` });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.entries).toEqual([
        { applicationId: applicationA, maskedName: '张*明', building: h.a.building, amountFen: amountA },
      ]);
      expect(body.objectionContact).toBe('社区办公室 010-12345678');
      // One language to a title: no English inside the Chinese one, no Chinese inside the English one.
      expect(body.title).toBe('最低生活保障（低保）公示');
      const english = await t.app.inject({
        method: 'GET',
        url: `/api/v1/public/welfare/notices/${noticeId}`,
        headers: { 'accept-language': 'en-US,en;q=0.9' },
      });
      expect(english.json().title).toMatch(/^Public notice: [^\u4e00-\u9fff]+$/);
      const staff = (await as('worker').get(`/api/v1/welfare/notices/${noticeId}`)).json();
      expect(staff.title).toBe('最低生活保障（低保）公示');
      expect(body).not.toHaveProperty('objections');
      const serialized = res.body;
      expect(serialized).not.toContain('惠');
      expect(serialized).not.toMatch(/income|Income|deposit|health|room|floor/);
      expect(serialized).not.toContain('1537.5');
      expect(serialized).not.toContain('768.75');
      // Standing alone, not inside an id (a UUID's hex may hold the digits).
      expect(serialized).not.toMatch(/(?<![0-9a-f-])8000(?![0-9a-f-])/);
      const strings: string[] = [];
      JSON.parse(serialized, (_k, v) => {
        if (typeof v === 'string') strings.push(v);
        return v;
      });
      expect(strings).not.toContain(h.a.room);
      expect(strings.some((s) => s.includes(`-${h.a.room}`))).toBe(false);

      const unknown = await t.app.inject({
        method: 'GET',
        url: `/api/v1/public/welfare/notices/${randomUUID()}`,
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('welfare.notice_not_found');
    });

    it('an objection is recorded and answered; approval waits for the end of the notice', async () => {
      const objection = await as('worker').post(`/api/v1/welfare/notices/${noticeId}/objections`, {
        applicationId: applicationA,
        channel: 'phone',
        fromName: '邻居',
        text: '听说他家有辆车',
      });
      expect(objection.statusCode, objection.body).toBe(200);
      const objectionId = objection.json().id;
      expect(objection.json()).toMatchObject({ answer: null, upheld: null, channel: 'phone' });

      const running = await as('committee').post(`/api/v1/welfare/applications/${applicationA}/approve`, {});
      expect(running.statusCode).toBe(409);
      expect(running.json().error.code).toBe('welfare.notice_running');

      const answer = await as('worker').post(`/api/v1/welfare/objections/${objectionId}/answer`, {
        answer: '经入户核实，车辆是送重病家人就医用车。',
        upheld: false,
      });
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toMatchObject({ upheld: false, answeredBy: expect.any(String) });
      const again = await as('worker').post(`/api/v1/welfare/objections/${objectionId}/answer`, {
        answer: 'x',
        upheld: true,
      });
      expect(again.statusCode).toBe(409);
      const staffView = (await as('worker').get(`/api/v1/welfare/notices/${noticeId}`)).json();
      expect(staffView.objections.map((o: { id: string }) => o.id)).toEqual([objectionId]);

      // The last day of the notice (Tuesday 8 December): still running.
      await laterByDays(9);
      const lastDay = await as('committee').post(`/api/v1/welfare/applications/${applicationA}/approve`, {});
      expect(lastDay.statusCode).toBe(409);
      expect(lastDay.json().error.code).toBe('welfare.notice_running');
      expect((await as('worker').get(`/api/v1/welfare/notices/${noticeId}`)).json().workingDaysLeft).toBe(1);

      await laterByDays(1);
      expect(
        (await as('worker').post(`/api/v1/welfare/applications/${applicationA}/approve`, {})).statusCode,
      ).toBe(403);
      const approved = await as('committee').post(`/api/v1/welfare/applications/${applicationA}/approve`, {
        note: '公示无异议成立',
      });
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'approved', closeNote: '公示无异议成立' });
    });

    it('approval puts the household on the roster with a yearly review; reads are audited', async () => {
      const before = (await audits('welfare_roster')).length;
      const roster = (await as('worker').get('/api/v1/welfare/roster?policyId=dibao')).json();
      expect(roster.recipients).toHaveLength(1);
      expect(roster.recipients[0]).toMatchObject({
        household: { householdId: h.a.householdId },
        amountFen: amountA,
        startsOn: '2026-12-09',
        reviewDueOn: '2027-12-09',
        reviewOverdue: false,
        endedOn: null,
      });
      expect((await audits('welfare_roster')).length).toBe(before + 1);
      expect((await as('c2.worker').get('/api/v1/welfare/roster')).json().recipients).toEqual([]);
    });

    it('an upheld objection sends its application back to the committee; an unanswered one blocks approval', async () => {
      const ids: string[] = [];
      for (const key of ['b', 'c'] as const) {
        const id = (await file(key)).json().id as string;
        expect(
          (await as('committee').post(`/api/v1/welfare/applications/${id}/review`, { approve: true }))
            .statusCode,
        ).toBe(200);
        ids.push(id);
      }
      const [b, c] = ids as [string, string];
      const notice = (
        await as('worker').post('/api/v1/welfare/notices', {
          policyId: 'dibao',
          applicationIds: [b, c],
          objectionContact: '社区办公室',
        })
      ).json();
      // Running notices come before ended ones.
      const list = (await as('worker').get('/api/v1/welfare/notices')).json().notices;
      expect(list.map((n: { id: string }) => n.id)).toEqual([notice.id, noticeId]);
      expect(list[1].workingDaysLeft).toBe(0);

      const upheld = (
        await as('worker').post(`/api/v1/welfare/notices/${notice.id}/objections`, {
          applicationId: b,
          channel: 'letter',
          text: '此户实际另有住房',
        })
      ).json();
      await as('worker').post(`/api/v1/welfare/objections/${upheld.id}/answer`, {
        answer: '核实属实',
        upheld: true,
      });
      const sentBack = (await as('worker').get(`/api/v1/welfare/applications/${b}`)).json();
      expect(sentBack.status).toBe('filed');
      expect(sentBack.reviewNote).toContain(upheld.id);
      expect(sentBack.noticeId).toBe(notice.id);

      const whole = (
        await as('worker').post(`/api/v1/welfare/notices/${notice.id}/objections`, {
          channel: 'desk',
          text: '公示张贴位置太偏',
        })
      ).json();
      await laterByDays(12);
      const blocked = await as('committee').post(`/api/v1/welfare/applications/${c}/approve`, {});
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.code).toBe('welfare.objections_unanswered');
      expect((await as('committee').post(`/api/v1/welfare/applications/${b}/approve`, {})).statusCode).toBe(
        409,
      );
      await as('worker').post(`/api/v1/welfare/objections/${whole.id}/answer`, {
        answer: '已改贴到大门口',
        upheld: false,
      });
      expect((await as('committee').post(`/api/v1/welfare/applications/${c}/approve`, {})).statusCode).toBe(
        200,
      );
      const rejected = await as('committee').post(`/api/v1/welfare/applications/${b}/reject`, {
        note: '另有住房',
      });
      expect(rejected.json()).toMatchObject({ status: 'rejected', closeNote: '另有住房' });
      // Nothing is deleted: the rejected application and the upheld objection are still there.
      expect((await as('worker').get(`/api/v1/welfare/notices/${notice.id}`)).json().objections).toHaveLength(
        2,
      );
      expect(
        (await as('worker').get('/api/v1/welfare/applications?status=rejected')).json().applications,
      ).toHaveLength(1);
    });

    it('the yearly review keeps a new decision and ends the row when no longer eligible', async () => {
      const roster = (await as('worker').get('/api/v1/welfare/roster')).json().recipients;
      const entry = roster.find(
        (r: { household: { householdId: string } }) => r.household.householdId === h.a.householdId,
      );
      await recordFacts(h.a.householdId, { ...POOR, monthlyIncome: 9000 });
      const res = await as('worker').post(`/api/v1/welfare/roster/${entry.id}/review`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().decision.outcome).toBe('not_eligible');
      expect(res.json().recipient.endedOn).toBe('2026-12-21');
      expect(res.json().recipient.endReason).toContain(res.json().decision.id);
      const after = (await as('worker').get('/api/v1/welfare/roster')).json().recipients;
      expect(after.map((r: { id: string }) => r.id)).not.toContain(entry.id);
      expect((await as('worker').post(`/api/v1/welfare/roster/${entry.id}/review`, {})).statusCode).toBe(409);
      // The row is ended, not deleted.
      const row = await t.database.db
        .selectFrom('welfare_roster')
        .select('ended_on')
        .where('id', '=', entry.id)
        .executeTakeFirst();
      expect(row?.ended_on).toBe('2026-12-21');
    });

    it('emergency aid: small amounts paid first with papers due in 5 days; larger ones wait for the committee', async () => {
      const fast = await as('worker').post('/api/v1/welfare/emergency-grants', {
        householdId: h.d.householdId,
        hardship: 'accident',
        amountFen: 150_000,
        reason: '家中失火，先行救助',
      });
      expect(fast.statusCode, fast.body).toBe(200);
      const grant = fast.json();
      expect(grant).toMatchObject({
        fastPath: true,
        paidOn: '2026-12-21',
        papersDueOn: '2026-12-26',
        papersCompletedOn: null,
        papersOverdue: false,
      });

      const large = {
        householdId: h.d.householdId,
        hardship: 'illness',
        amountFen: 500_000,
        reason: '重病住院',
      };
      // Above the worker's limit (issue 20) the grant waits for the committee, and says so.
      const waiting = await as('worker').post('/api/v1/welfare/emergency-grants', large);
      expect(waiting.statusCode, waiting.body).toBe(202);
      expect(waiting.json()).toMatchObject({
        waitsFor: 'committee',
        requesterLimitFen: 300_000,
        message: '超过了您可批准的 3,000 元，这笔救助等待社区党委批准后发放。',
      });
      const byCommittee = await as('committee').post('/api/v1/welfare/emergency-grants', large);
      expect(byCommittee.statusCode, byCommittee.body).toBe(200);
      expect(byCommittee.json()).toMatchObject({ fastPath: false, papersDueOn: null, papersOverdue: false });

      const otherDecision = (
        await t.database.db
          .selectFrom('welfare_decision')
          .select('id')
          .where('household_id', '=', h.a.householdId)
          .executeTakeFirstOrThrow()
      ).id;
      const wrongDecision = await as('worker').post('/api/v1/welfare/emergency-grants', {
        ...large,
        amountFen: 1000,
        decisionId: otherDecision,
      });
      expect(wrongDecision.statusCode).toBe(422);
      expect(
        (await as('c2.worker').post('/api/v1/welfare/emergency-grants', { ...large, amountFen: 1000 }))
          .statusCode,
      ).toBe(404);

      // Five days on the papers are due today, not yet overdue; the day after they are.
      await laterByDays(5);
      const onTime = (await as('worker').get('/api/v1/welfare/emergency-grants')).json();
      expect(onTime.grants.find((g: { id: string }) => g.id === grant.id).papersOverdue).toBe(false);
      await laterByDays(1);
      const list = (await as('worker').get('/api/v1/welfare/emergency-grants')).json();
      expect(list.grants[0]).toMatchObject({ id: grant.id, papersOverdue: true });
      expect(list.totalFen).toBe(650_000);
      expect((await audits('welfare_emergency_grant')).length).toBeGreaterThanOrEqual(4);
      expect((await as('c2.worker').get('/api/v1/welfare/emergency-grants')).json()).toEqual({
        grants: [],
        totalFen: 0,
      });

      const papers = await as('worker').post(`/api/v1/welfare/emergency-grants/${grant.id}/papers`, {
        completedOn: '2026-12-27',
        note: '医院证明、火灾证明已交',
      });
      expect(papers.statusCode, papers.body).toBe(200);
      expect(papers.json()).toMatchObject({ papersCompletedOn: '2026-12-27', papersOverdue: false });
      expect(
        (
          await as('worker').post(`/api/v1/welfare/emergency-grants/${grant.id}/papers`, {
            completedOn: '2026-12-27',
          })
        ).statusCode,
      ).toBe(409);
    });

    it('the grant ledger cannot be changed in the database', async () => {
      await expect(
        sql`UPDATE welfare_emergency_grant SET amount_fen = 1`.execute(t.database.db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM welfare_grant_papers`.execute(t.database.db)).rejects.toThrow(
        /append-only/,
      );
    });
  },
);
