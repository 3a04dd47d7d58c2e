import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rig from '../support/browser';

const { expectNoSeriousA11yViolations, noSidewaysScroll, RESULTS_DIR } = rig;

let main: rig.BrowserRig;
const signIn = (page: Page, username: string) => rig.signIn(page, main.url, username);
const post = <T>(page: Page, url: string, body: unknown) => rig.postAsPage<T>(page, main.url, url, body);
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(RESULTS_DIR, `${name}.png`), fullPage: true });

/**
 * Issue 20 on the screen: the seed's holiday story (an 89-year-old living alone, known to the register
 * only, on the holiday list with the reason; a typed fact saying otherwise shown as a conflict, and a
 * worker's override with a reason), and the subdistrict's emergency aid within and above its limit,
 * with what waits for approval and what the committee is told.
 */
describe('welfare reads the register; the subdistrict grants emergency aid', () => {
  let householdId = '';

  beforeAll(async () => {
    main = await rig.startBrowserRig('welfare-register');
  });
  afterAll(async () => {
    await main?.close();
  });

  it('the 89-year-old in the register only is on the holiday list; a typed fact saying otherwise is a conflict, overridden with a reason', async () => {
    const context = await main.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, 'worker');
      // A flat of her own, in the register as a worker would enter it; no welfare facts typed.
      const buildings = (await (await page.request.get(`${main.url}/api/v1/buildings`)).json()) as {
        items: { entrances: { id: string }[] }[];
      };
      const entranceId = buildings.items[0]?.entrances[0]?.id;
      const flat = await post<{ id: string }>(page, '/api/v1/households', {
        entranceId,
        floor: 9,
        room: '989',
      });
      householdId = flat.id;
      await post(page, `/api/v1/households/${householdId}/residents`, {
        name: '曹桂英',
        gender: 'female',
        birthDate: '1937-03-08',
        relation: '户主',
        careTags: ['hard_of_hearing'],
      });

      await page.goto(`${main.url}/welfare`);
      const holiday = page.getByRole('region', { name: '节日慰问名单' });
      const row = holiday
        .getByTestId('welfare-holiday-visit')
        .filter({ has: page.locator(`a[href="/households/${householdId}"]`) });
      await row.waitFor();
      const reasons = (await row.textContent()) ?? '';
      expect(reasons).toContain('曹桂英');
      expect(reasons).toContain('有 80 岁以上独居老人（户籍登记');
      await expectNoSeriousA11yViolations(page, 'the welfare page with the register’s reasons');
      await noSidewaysScroll(page, 'the welfare page with the register’s reasons');

      // Someone types that nobody of 80 lives alone here: the register still counts, and the page says both.
      await post(page, `/api/v1/welfare/households/${householdId}/facts`, {
        members: 1,
        monthlyIncome: 1800,
        memberOver80LivingAlone: false,
      });
      await page.goto(`${main.url}/households/${householdId}/welfare`);
      const conflict = page.getByTestId('welfare-conflict');
      await conflict.waitFor();
      const said = (await conflict.textContent()) ?? '';
      expect(said).toContain('80 岁以上独居老人：登记信息说“是”，填写的是“否”。');
      expect(said).toContain('现在采用：登记信息。');
      const used = (await page.getByTestId('welfare-facts-used').textContent()) ?? '';
      expect(used).toContain('80 岁以上独居老人：是，来自户籍登记');
      await expectNoSeriousA11yViolations(page, 'a household’s welfare page with a conflict');
      await noSidewaysScroll(page, 'a household’s welfare page with a conflict');
      await shot(page, 'welfare-register-conflict-390x844');

      await conflict.getByRole('button', { name: '选择采用哪个' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByRole('radio', { name: /填写的/ })
        .locator('xpath=ancestor::label[1]')
        .click();
      await dialog.getByLabel('理由（会记录在案）').fill('女儿上月已搬回同住，登记还没改');
      await expectNoSeriousA11yViolations(page, 'the override dialog');
      await dialog.getByRole('button', { name: '保存选择' }).click();
      await page.getByText('已保存：80 岁以上独居老人 采用填写的。').waitFor();
      await page.getByText(/选择采用填写的，理由：女儿上月已搬回同住，登记还没改/).waitFor();
      expect(await page.getByTestId('welfare-conflict').textContent()).toContain('现在采用：填写的。');
      // The override is on the audit trail with its reason.
      const history = await page.request.get(`${main.url}/api/v1/welfare/households/${householdId}/facts`);
      const facts = (await history.json()) as { used: { fact: string; source: string }[] };
      expect(facts.used.find((u) => u.fact === 'memberOver80LivingAlone')?.source).toBe('typed');
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot(page, 'welfare-register-conflict-1440x900');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the subdistrict grants 2,000 yuan at once; above its limit the aid waits and says who approves; the committee is told and approves a worker’s', async () => {
    const context = await main.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, 'subdistrict');
      await page.goto(`${main.url}/households/${householdId}/welfare`);
      const apply = async (amount: string, reason: string) => {
        await page.getByRole('button', { name: '给这户办临时救助' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('救助金额（元）').fill(amount);
        await dialog.getByLabel('原因', { exact: true }).fill(reason);
        await dialog.getByRole('button', { name: '发放救助' }).click();
        await dialog.waitFor({ state: 'hidden' });
      };
      await page.getByRole('button', { name: '给这户办临时救助' }).click();
      await expectNoSeriousA11yViolations(page, 'the subdistrict’s emergency aid dialog');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /取\s*消/ })
        .click();
      await apply('2000', '独居老人摔伤住院，街道主任当即批准');
      await page.getByText(/已发放 ¥2000\.00/).waitFor();
      await apply('20000', '房屋失火，需要安置');
      const waiting = page.getByRole('status').filter({ hasText: '等待审批' });
      await waiting.waitFor();
      expect(await waiting.textContent()).toMatch(/区/);
      await noSidewaysScroll(page, 'the subdistrict on a household’s welfare page');
      await shot(page, 'welfare-subdistrict-aid-390x844');

      // A worker asks for more than a worker may grant: it waits for the committee.
      const worker = await main.newContext(390, 844);
      const workerPage = await worker.newPage();
      await signIn(workerPage, 'worker');
      const me = (await (await workerPage.request.get(`${main.url}/api/v1/auth/me`)).json()) as {
        csrfToken: string;
      };
      const asked = await workerPage.request.post(`${main.url}/api/v1/welfare/emergency-grants`, {
        data: { householdId, hardship: 'illness', amountFen: 400_000, reason: '住院押金' },
        headers: { 'x-csrf-token': me.csrfToken },
      });
      expect(asked.status()).toBe(202);
      await worker.close();

      const committee = await main.newContext(390, 844);
      const cpage = await committee.newPage();
      cpage.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(cpage, 'committee');
      await cpage.goto(`${main.url}/welfare`);
      const desk = cpage.getByTestId('welfare-committee-desk');
      await desk.getByTestId('welfare-desk-note').first().waitFor();
      expect(await desk.textContent()).toContain('刘主任为 1-1-989 发放了临时救助 2,000 元');
      const requests = cpage.getByTestId('welfare-aid-request');
      await requests.first().waitFor();
      const forCommittee = requests.filter({ hasText: '由社区党委审批' });
      expect(await forCommittee.count()).toBe(1);
      const forDistrict = requests.filter({ hasText: '由区里' });
      expect(await forDistrict.count()).toBe(1);
      expect(await forDistrict.getByRole('button', { name: '批准并发放' }).count()).toBe(0);
      await expectNoSeriousA11yViolations(cpage, 'the committee’s welfare page with aid waiting');
      await noSidewaysScroll(cpage, 'the committee’s welfare page with aid waiting');
      await shot(cpage, 'welfare-aid-waiting-390x844');
      await forCommittee.getByRole('button', { name: '批准并发放' }).click();
      await cpage.getByText('已批准，发放 ¥4000.00。').waitFor();
      await forCommittee.waitFor({ state: 'detached' });
      await cpage.setViewportSize({ width: 1440, height: 900 });
      await shot(cpage, 'welfare-aid-waiting-1440x900');
      await committee.close();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
