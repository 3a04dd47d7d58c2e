import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  choose,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  postAsPage,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';
import { cstTime, cstToday, type Household, householdsOf, type Plan } from '../support/care';

let rig: BrowserRig;
const savedInterval = process.env.LINLI_ESCALATION_INTERVAL_SECONDS;

describe('care: a building leader checks in and visits on a phone; the committee sees a missed check-in climb', () => {
  let worker: Page;
  let workerContext: BrowserContext;
  let leaderHouseholds: Household[] = [];

  beforeAll(async () => {
    // The ladder's worker sweeps every second here, so a step past its time is taken at once.
    process.env.LINLI_ESCALATION_INTERVAL_SECONDS = '1';
    rig = await startBrowserRig('care');
    workerContext = await rig.newContext(1280, 900);
    worker = await workerContext.newPage();
    await signIn(worker, rig.url, 'worker');
    const leaderContext = await rig.newContext(390, 844);
    const leader = await leaderContext.newPage();
    await signIn(leader, rig.url, 'buildingleader');
    leaderHouseholds = await householdsOf(leader, rig.url);
    await leaderContext.close();
    expect(leaderHouseholds.length).toBeGreaterThan(1);
  });

  afterAll(async () => {
    await workerContext?.close();
    await rig?.close();
    if (savedInterval === undefined) delete process.env.LINLI_ESCALATION_INTERVAL_SECONDS;
    else process.env.LINLI_ESCALATION_INTERVAL_SECONDS = savedInterval;
  });

  it('a building leader on a phone records a check-in and a visit, with a policy explained and a follow-up made a report', async () => {
    const household =
      leaderHouseholds.find((h) => h.members.some((m) => (m.age ?? 0) >= 70)) ?? leaderHouseholds[0];
    const resident = household?.members.find((m) => (m.age ?? 0) >= 70) ?? household?.members[0];
    if (!household || !resident) throw new Error('The demo building leader has no household.');
    const plan = await postAsPage<Plan>(worker, rig.url, '/api/v1/care/plans', {
      residentId: resident.id,
      risk: 'high',
      checkin: {
        time: cstTime(120),
        ways: ['in_person', 'phone_call', 'neighbour_word', 'window_sign', 'newspaper_taken'],
        graceMinutes: 30,
        consent: { date: cstToday(), form: 'spoken' },
      },
    });

    const context = await rig.newContext(390, 844);
    try {
      const leader = await context.newPage();
      const pageErrors: string[] = [];
      leader.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(leader, rig.url, 'buildingleader');
      const item = leader.locator(`[data-testid="care-item"][data-plan-id="${plan.id}"]`);
      await item.waitFor();
      expect(await item.textContent()).toContain(resident.name);
      expect(await item.getByTestId('checkin-state').getAttribute('data-state')).toBe('due');
      // Those needing the leader today are on top.
      await leader.getByTestId('care-needs-today').locator(`[data-plan-id="${plan.id}"]`).waitFor();
      await expectNoSeriousA11yViolations(leader, 'the building leader’s home with today’s care list');
      await noSidewaysScroll(leader, 'the building leader’s home');
      await leader.screenshot({
        path: path.join(RESULTS_DIR, 'care-leader-today-390x844.png'),
        fullPage: true,
      });

      // "已报平安": how does she know? A phone call.
      await item.getByRole('button', { name: new RegExp(`记下报平安 ${resident.name}`) }).click();
      const dialog = leader.getByRole('dialog');
      await dialog.waitFor();
      await choose(leader, 'radio', '打电话');
      await expectNoSeriousA11yViolations(leader, 'the check-in dialog');
      await dialog.getByRole('button', { name: '确认报平安' }).click();
      await leader.getByTestId('care-notice').filter({ hasText: '已报平安' }).waitFor();
      await expect.poll(() => item.getByTestId('checkin-state').getAttribute('data-state')).toBe('done');
      expect(await item.textContent()).toContain('打电话');

      // "已探访": the visit, quickly.
      await item.getByRole('link', { name: new RegExp(`记下探访 ${resident.name}`) }).click();
      await leader.waitForURL(`${rig.url}/care/plans/${plan.id}/visit`);
      await leader.getByTestId('visit-heading').waitFor();
      await choose(leader, 'checkbox', '聊天');
      await choose(leader, 'checkbox', '打扫');
      await choose(leader, 'checkbox', '讲政策');
      await leader.getByLabel('哪个政策（如 高龄津贴）').fill('高龄津贴');
      await choose(leader, 'checkbox', '念给他听');
      await choose(leader, 'checkbox', '大字材料');
      await leader.getByLabel('用的语言或方言（如 上海话）').fill('上海话');
      await choose(leader, 'radio', '能讲回来');
      await choose(leader, 'checkbox', '需要帮忙');
      await leader.getByLabel('需要什么').fill('家里的米快吃完了');
      await leader.getByRole('button', { name: '加一条后续' }).click();
      const followUp = `e2e 帮${resident.name}申请助餐 ${Date.now()}`;
      await leader.getByLabel('要办的事 1').fill(followUp);
      await expectNoSeriousA11yViolations(leader, 'the visit form');
      await noSidewaysScroll(leader, 'the visit form');
      await leader.screenshot({
        path: path.join(RESULTS_DIR, 'care-visit-form-390x844.png'),
        fullPage: true,
      });
      await leader.getByTestId('visit-save').click();
      await leader.getByTestId('visit-saved').waitFor();

      // The follow-up can go to the chain as a report, or be written as one by hand.
      const row = leader.getByTestId('visit-followup').filter({ hasText: followUp });
      expect(await row.getByRole('link', { name: '自己填写诉求' }).getAttribute('href')).toBe(
        `/reports/new?householdId=${household.id}`,
      );
      await row.getByRole('button', { name: '转为诉求' }).click();
      await row.getByRole('link', { name: '查看诉求' }).waitFor();
      await expectNoSeriousA11yViolations(leader, 'the saved visit');

      const visits = (await (
        await leader.request.get(`${rig.url}/api/v1/care/plans/${plan.id}/visits`)
      ).json()) as {
        items: {
          activities: string[];
          needsSomething: boolean;
          policies: { policy: string; forms: string[]; language: string | null; saidBack: string }[];
          followUps: { text?: string; reportId: string | null }[];
        }[];
      };
      expect(visits.items).toHaveLength(1);
      const visit = visits.items[0];
      expect(visit?.activities).toEqual(expect.arrayContaining(['chat', 'cleaning', 'policy_explained']));
      expect(visit?.needsSomething).toBe(true);
      expect(visit?.policies).toEqual([
        { policy: '高龄津贴', forms: ['read_aloud', 'large_print'], language: '上海话', saidBack: 'yes' },
      ]);
      expect(visit?.followUps[0]?.text).toBe(followUp);
      expect(visit?.followUps[0]?.reportId).not.toBeNull();

      // The household page shows the plan and the visit.
      await leader.goto(`${rig.url}/households/${household.id}`);
      const card = leader.locator(`[data-testid="care-plan"][data-plan-id="${plan.id}"]`);
      await card.getByTestId('care-visits').waitFor();
      expect(await card.textContent()).toContain('高龄津贴');
      await expectNoSeriousA11yViolations(leader, 'the household page with its care plan');
      await noSidewaysScroll(leader, 'the household page');
      await leader.screenshot({ path: path.join(RESULTS_DIR, 'care-household-390x844.png'), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the committee’s open screen shows a missed check-in climb the ladder without reloading, and records the reason', async () => {
    const others = leaderHouseholds.filter((h) => h.members.length > 0).slice(1);
    const household = others.find((h) => h.members.some((m) => (m.age ?? 0) >= 70)) ?? others[0];
    const resident = household?.members.find((m) => (m.age ?? 0) >= 70) ?? household?.members[0];
    if (!household || !resident) throw new Error('The demo building leader has only one household.');
    const existing = (await (
      await worker.request.get(`${rig.url}/api/v1/care/plans?householdId=${household.id}`)
    ).json()) as { items: Plan[] };
    const plan =
      existing.items.find((p) => p.residentId === resident.id) ??
      (await postAsPage<Plan>(worker, rig.url, '/api/v1/care/plans', {
        residentId: resident.id,
        checkin: {
          time: cstTime(180),
          ways: ['phone_call', 'window_sign'],
          graceMinutes: 30,
          consent: { date: cstToday(), form: 'signed', witness: '邻居' },
        },
      }));

    const context = await rig.newContext(1280, 900);
    try {
      const committee = await context.newPage();
      const pageErrors: string[] = [];
      committee.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(committee, rig.url, 'committee');
      const alerts = committee.getByTestId('checkin-alerts');
      await alerts.waitFor();
      await expect.poll(() => alerts.getAttribute('data-connected')).toBe('true');
      const urlBefore = committee.url();
      await committee.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });

      // The check-in was due 40 minutes ago and its grace ended 10 minutes ago: the sweep opens it.
      // (A plan begun after today's time expects its first check-in tomorrow, so the time is moved back.)
      const now = Date.now();
      await rig.server.database.db
        .updateTable('care_plan')
        .set({
          next_checkin_due_at: new Date(now - 40 * 60_000).toISOString(),
          next_checkin_miss_at: new Date(now - 10 * 60_000).toISOString(),
        })
        .where('id', '=', plan.id)
        .execute();

      const item = alerts.getByTestId('checkin-alert').filter({ hasText: resident.name });
      await item.waitFor({ timeout: 10_000 });
      expect(await item.textContent()).toContain(household.address.label);
      expect(await item.textContent()).toContain('已提醒负责人');

      // Thirty minutes on, nobody has answered: step 2 falls due (moved to now) and the ladder climbs.
      const row = await rig.server.database.db
        .selectFrom('checkin')
        .select(['id'])
        .where('plan_id', '=', plan.id)
        .executeTakeFirstOrThrow();
      await rig.server.database.db
        .updateTable('checkin_ladder')
        .set({ due_at: new Date(Date.now() - 1_000).toISOString() })
        .where('checkin_id', '=', row.id)
        .where('step', '=', 2)
        .execute();
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('escalated');
      expect(await item.textContent()).toContain('未报平安，已上报');
      expect(await item.textContent()).toContain('已告诉上级和钥匙保管人');
      expect(committee.url()).toBe(urlBefore);
      expect(await committee.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(
        true,
      );
      await expectNoSeriousA11yViolations(committee, 'the committee home with a missed check-in');
      await committee.screenshot({
        path: path.join(RESULTS_DIR, 'care-committee-escalated.png'),
        fullPage: true,
      });

      // The committee finds out: the phone line was down. The reason is kept, and the ladder stops.
      await item.getByRole('button', { name: new RegExp(`记下后来怎样 ${resident.name}`) }).click();
      await choose(committee, 'radio', '电话线路坏了');
      await committee.getByRole('dialog').getByRole('button', { name: '保存结果' }).click();
      await expect.poll(() => item.getAttribute('data-state'), { timeout: 10_000 }).toBe('resolved');
      expect(await item.textContent()).toContain('电话线路坏了');
      const checkin = (await (
        await committee.request.get(`${rig.url}/api/v1/care/checkins/${row.id}`)
      ).json()) as { state: string; outcome: string | null };
      expect(checkin.state).toBe('resolved');
      expect(checkin.outcome).toBe('phone_line_down');

      // The visit rate page and the check-in lens of the building picture.
      await committee.goto(`${rig.url}/care`);
      // At a desk the care page opens on its tables; the visit rate is in the reminders tab.
      await committee.getByRole('tab', { name: '提醒和重大事件' }).click();
      await committee.getByTestId('visit-rate').getByTestId('rate-row').first().waitFor();
      await expectNoSeriousA11yViolations(committee, 'the care page with the visit rate');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a worker keeps a resident’s money ledger (corrections as new entries, the monthly statement), declares a major event, and reads the care lenses', async () => {
    const household = leaderHouseholds[2] ?? leaderHouseholds[0];
    const resident = household?.members[0];
    if (!household || !resident) throw new Error('The demo building leader has no household.');
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, rig.url, 'worker');

      await page.goto(`${rig.url}/care/residents/${resident.id}/money`);
      await page.getByText('没有为这位居民代管钱款。').waitFor();
      await page.getByLabel('经手人姓名').fill('卢莲');
      await page.getByRole('button', { name: '开设代管账户' }).click();
      const balance = page.getByTestId('money-balance');
      await expect.poll(() => balance.textContent()).toBe('¥0.00');

      const addEntry = async (kind: '收到' | '支出', yuan: string, counterparty: string, purpose: string) => {
        await page.getByRole('button', { name: '记一笔' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await choose(page, 'radio', kind);
        await dialog.getByLabel('金额（元）').fill(yuan);
        await dialog.getByLabel('从谁收到 / 付给谁').fill(counterparty);
        await dialog.getByLabel('做什么用').fill(purpose);
        await dialog.getByRole('button', { name: '保存' }).click();
        await dialog.waitFor({ state: 'hidden' });
      };
      await addEntry('收到', '2000', '养老金', '11月养老金');
      await expect.poll(() => balance.textContent()).toBe('¥2000.00');
      await addEntry('支出', '1200', '敬老院', '11月护理费');
      await expect.poll(() => balance.textContent()).toBe('¥800.00');

      // The fee was 1100, not 1200: the correction is a new entry and the original stays.
      await page.getByRole('button', { name: '更正 2' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('应为多少（元，0 表示作废）').fill('1100');
      await dialog.getByLabel('更正原因').fill('收据金额为1100元');
      await dialog.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => balance.textContent()).toBe('¥900.00');
      const entries = page.getByTestId('money-entry');
      expect(await entries.count()).toBe(3);
      expect(await entries.first().textContent()).toContain('更正第 2 笔');
      expect(await entries.filter({ hasText: '11月护理费' }).first().textContent()).toContain(
        '已被第 3 笔更正',
      );
      await expectNoSeriousA11yViolations(page, 'the money ledger');
      await noSidewaysScroll(page, 'the money ledger');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-money-390x844.png'), fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('money-statement').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);

      // A power outage for the whole community: every plan there has a visit due within 24 hours.
      await page.goto(`${rig.url}/care`);
      await page.getByTestId('visit-rate').getByTestId('rate-row').first().waitFor();
      await page.getByRole('button', { name: '宣布事件' }).click();
      const declare = page.getByRole('dialog');
      await declare.getByLabel('什么事件').click();
      await page.locator('.ant-select-item-option[title="停电"]').click();
      await declare.getByRole('button', { name: '宣布事件' }).click();
      await page.getByTestId('care-event').filter({ hasText: '停电' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the care page');
      await noSidewaysScroll(page, 'the care page');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'care-page-390x844.png'), fullPage: true });
      const plans = (await (await page.request.get(`${rig.url}/api/v1/care/plans`)).json()) as {
        items: { eventVisitsDue: unknown[] }[];
      };
      expect(plans.items.length).toBeGreaterThan(0);
      expect(plans.items.every((p) => p.eventVisitsDue.length > 0)).toBe(true);

      // In English too.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Visit rate' }).waitFor();
      await page.getByTestId('care-event').filter({ hasText: 'Power outage' }).waitFor();
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { name: '探访完成情况' }).waitFor();

      // The building picture with the new lenses.
      const buildings = (await (await page.request.get(`${rig.url}/api/v1/buildings`)).json()) as {
        items: { id: string }[];
      };
      const building = buildings.items[0];
      if (!building) throw new Error('The demo community has no building.');
      for (const lens of ['visits', 'checkins']) {
        await page.goto(`${rig.url}/buildings/${building.id}?lens=${lens}`);
        await page.getByTestId('picture-heading').waitFor();
        await page.getByTestId('flat-cell').first().waitFor();
        await expectNoSeriousA11yViolations(page, `the building picture, ${lens} lens`);
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a worker on a phone registers a door key and records its return, adds a recurring errand and a family contact', async () => {
    const household = leaderHouseholds[1] ?? leaderHouseholds[0];
    const resident = household?.members[0];
    if (!household || !resident) throw new Error('The demo building leader has no household.');
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, rig.url, 'worker');
      await page.goto(`${rig.url}/households/${household.id}`);
      const keys = page.getByTestId('care-keys');
      await keys.waitFor();

      // A neighbour holds the front-door key, with the resident's written consent.
      await page.getByRole('button', { name: '登记托管钥匙' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByLabel('姓名', { exact: true }).fill('周敏');
      await dialog.getByLabel('电话', { exact: true }).fill('13800001111');
      await expectNoSeriousA11yViolations(page, 'the register-a-key dialog');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      const held = keys.locator('li', { hasText: '周敏' });
      await held.waitFor();
      expect(await held.textContent()).toContain('书面');

      // It is given back.
      await held.getByRole('button', { name: '记录归还' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('交还给谁').fill('本人');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => held.textContent()).toContain('已归还');

      // Paying the nursing-home fee on the 5th of every month.
      await page.getByRole('button', { name: '添加定期代办' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('具体办什么').fill('缴纳敬老院费用');
      await dialog.getByLabel('每月几号').fill('5');
      await dialog.getByLabel('姓名', { exact: true }).fill('周敏');
      await expectNoSeriousA11yViolations(page, 'the add-an-errand dialog');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      const errand = page.getByTestId('errand').filter({ hasText: '缴纳敬老院费用' });
      await errand.waitFor();
      expect(await errand.textContent()).toContain('每月 5 号');

      // Her daughter, who may be told.
      await page.getByRole('button', { name: '添加家属联系人' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('家属姓名').fill('王丽');
      await dialog.getByLabel('与居民的关系').fill('女儿');
      await dialog.getByLabel('家属电话').fill('13900002222');
      await choose(page, 'checkbox', '居民同意把情况告诉这位家属');
      await expectNoSeriousA11yViolations(page, 'the add-a-family-contact dialog');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'detached' });
      const contact = page.getByTestId('family-contact').filter({ hasText: '王丽' });
      await contact.waitFor();
      expect(await contact.textContent()).toContain('可以告知');

      await expectNoSeriousA11yViolations(page, 'the household page with keys, errands and family');
      await noSidewaysScroll(page, 'the household page with keys, errands and family');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'care-keys-errands-family-390x844.png'),
        fullPage: true,
      });

      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Family contacts' }).waitFor();
      await page.getByRole('button', { name: 'Add a recurring errand' }).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
