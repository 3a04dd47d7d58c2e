import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkinCode } from '../../src/server/service/volunteers.usecases';
import * as rig from '../support/browser';
import { fillDate } from '../support/dates';

const { choose, expectNoSeriousA11yViolations, noSidewaysScroll, RESULTS_DIR } = rig;

let main: rig.BrowserRig;

interface ValueReport {
  from: string;
  to: string;
  totalFen: number;
}
interface Service {
  id: string;
  code: string;
  currentValueFen: number | null;
}

const newContext = (width: number, height: number) => main.newContext(width, height);
const signIn = (page: Page, username: string) => rig.signIn(page, main.url, username);

async function getJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(`${main.url}${url}`);
  const json = (await response.json()) as T;
  expect(response.status(), JSON.stringify(json)).toBe(200);
  return json;
}

/** POSTs through the page's session, with its CSRF token, and returns the JSON answer. */
const post = <T>(page: Page, url: string, body: unknown) => rig.postAsPage<T>(page, main.url, url, body);

/** Beijing wall-clock `YYYY-MM-DD` and `HH:MM`, `minutes` from now: the station plans in Beijing time. */
function beijing(minutes = 0): { day: string; time: string } {
  const iso = new Date(Date.now() + 8 * 3_600_000 + minutes * 60_000).toISOString();
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Fen as the page writes yuan (¥12.30). */
function yuan(fen: number): string {
  return `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

describe('service station: an organiser runs a haircut session on a phone and the value delivered grows', () => {
  beforeAll(async () => {
    main = await rig.startBrowserRig('service');
  });

  afterAll(async () => {
    await main?.close();
  });

  it('books a resident, checks a volunteer in and out, marks the booking served; the station total grows by the haircut’s value', async () => {
    const context = await newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, 'worker');

      // Every station starts with the usual services and their market values; the haircut's comes from the API.
      const today = beijing().day;
      const services = await getJson<{ items: Service[] }>(page, '/api/v1/service/services');
      const haircut = services.items.find((s) => s.code === 'haircut');
      const haircutFen = haircut?.currentValueFen;
      if (!haircut || !haircutFen) throw new Error('The station has no haircut with a market value today.');

      const valueUrl = `/api/v1/service/value?from=${today.slice(0, 4)}-01-01&to=${today}`;
      const before = await getJson<ValueReport>(page, valueUrl);

      // The station page shows the same total the API computes.
      await page.goto(`${main.url}/service`);
      const total = page.getByTestId('station-total');
      await expect.poll(() => total.textContent()).toBe(yuan(before.totalFen));
      await page.getByTestId('service-item').filter({ hasText: '理发' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the station page');
      await noSidewaysScroll(page, 'the station page');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'service-station-before-390x844.png'),
        fullPage: true,
      });

      // A haircut session at the station, starting now (Beijing time), planned on the phone.
      const starts = beijing(-5);
      const ends = beijing(90);
      await page.getByTestId('new-session').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await choose(page, 'radio', '理发');
      await fillDate(dialog.getByLabel('日期'), starts.day);
      await fillDate(dialog.getByLabel('开始时间（北京时间）'), starts.day === today ? starts.time : '00:00');
      await fillDate(
        dialog.getByLabel('结束时间（北京时间）'),
        ends.day === starts.day ? ends.time : '23:59',
      );
      await choose(page, 'radio', '在服务站');
      await expectNoSeriousA11yViolations(page, 'the new session form');
      await dialog.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/service\/sessions\/[0-9a-f-]{36}$/);
      const sessionId = page.url().split('/').pop() ?? '';
      await page.getByTestId('session-heading').filter({ hasText: '理发' }).waitFor();

      // Book a resident found by name, for a home visit.
      const households = await getJson<{ items: { id: string }[] }>(page, '/api/v1/households?limit=5');
      const household = await getJson<{
        address: { label: string };
        members: { id: string; name: string }[];
      }>(page, `/api/v1/households/${households.items[0]?.id}`);
      const resident = household.members[0];
      if (!resident) throw new Error('The demo household has no members.');
      await page.getByLabel('找居民（姓名、拼音首字母、电话尾号、门牌如 3-2-401）').fill(resident.name);
      await choose(page, 'checkbox', '行动不便，上门服务');
      const hit = page.getByTestId('book-hit').filter({ hasText: household.address.label }).filter({
        hasText: resident.name,
      });
      await hit.getByRole('button', { name: `预约 ${resident.name}`, exact: true }).click();
      const booking = page.getByTestId('booking').filter({ hasText: resident.name });
      await booking.waitFor();
      expect(await booking.textContent()).toContain('上门');

      // A volunteer who turned up is registered and signed up, then checked in and out from the list.
      await page.getByLabel('新志愿者姓名').fill('刘师傅');
      await page.getByLabel('电话（可不填）').fill('13800001234');
      await page.getByRole('button', { name: '登记并报名' }).click();
      const signup = page.getByTestId('signup').filter({ hasText: '刘师傅' });
      await expect.poll(() => signup.getAttribute('data-state')).toBe('signed_up');
      await signup.getByRole('button', { name: '签到 刘师傅' }).click();
      await expect.poll(() => signup.getAttribute('data-state')).toBe('in');
      await signup.getByRole('button', { name: '签退 刘师傅' }).click();
      await expect.poll(() => signup.getAttribute('data-state')).toBe('out');

      // The QR code for volunteers to scan is there to show.
      await page.getByRole('button', { name: '出示签到二维码' }).click();
      const qr = page.getByTestId('checkin-qr');
      await expect
        .poll(() =>
          qr.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth),
        )
        .toBeGreaterThan(0);

      // The resident had her haircut.
      await booking.getByRole('button', { name: `已服务 ${resident.name}` }).click();
      await expect.poll(() => booking.getAttribute('data-served')).toBe('true');

      // A blood-pressure reading while she is here: the dialog asks for her consent first, then it is flagged high.
      await booking.getByRole('button', { name: `量血压 ${resident.name}` }).click();
      const reading = page.getByRole('dialog');
      await reading.getByTestId('consent-form').waitFor();
      await reading.getByLabel('高压（收缩压）').fill('150');
      await reading.getByLabel('低压（舒张压）').fill('95');
      expect(await reading.getByRole('button', { name: '保存读数' }).isDisabled()).toBe(true);
      await reading.getByLabel('见证人').fill('邹社工');
      await expectNoSeriousA11yViolations(page, 'the reading dialog asking for consent');
      await reading.getByRole('button', { name: '登记同意' }).click();
      await reading.getByTestId('consent-form').waitFor({ state: 'hidden' });
      expect(await reading.getByTestId('consent-status').textContent()).toContain('见证人 邹社工');
      await reading.getByRole('button', { name: '保存读数' }).click();
      expect(await reading.getByTestId('reading-result').textContent()).toContain('150/95 偏高');
      await reading.getByRole('button', { name: '完成' }).click();
      await reading.waitFor({ state: 'hidden' });
      const readings = await getJson<{ items: { systolic: number; flagged: boolean }[] }>(
        page,
        `/api/v1/service/residents/${resident.id}/readings`,
      );
      expect(readings.items).toEqual([expect.objectContaining({ systolic: 150, flagged: true })]);
      await expectNoSeriousA11yViolations(page, 'the session page');
      await noSidewaysScroll(page, 'the session page');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'service-session-390x844.png'), fullPage: true });

      const session = await getJson<{
        bookings: { resident: { residentId: string }; served: boolean | null; homeVisit: boolean }[];
        signups: { name: string; checkedInAt: string | null; checkedOutAt: string | null }[];
      }>(page, `/api/v1/service/sessions/${sessionId}`);
      expect(session.bookings).toEqual([
        expect.objectContaining({
          resident: expect.objectContaining({ residentId: resident.id }),
          served: true,
          homeVisit: true,
        }),
      ]);
      expect(session.signups).toEqual([
        expect.objectContaining({
          name: '刘师傅',
          checkedInAt: expect.any(String),
          checkedOutAt: expect.any(String),
        }),
      ]);

      // Back on the station page, the total has grown by exactly one haircut.
      const after = await getJson<ValueReport>(page, valueUrl);
      expect(after.totalFen - before.totalFen).toBe(haircutFen);
      await page.goto(`${main.url}/service`);
      await expect.poll(() => total.textContent()).toBe(yuan(before.totalFen + haircutFen));
      await page.getByTestId('upcoming-sessions').locator(`[data-session-id="${sessionId}"]`).waitFor();
      await expectNoSeriousA11yViolations(page, 'the station page after the session');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'service-station-after-390x844.png'),
        fullPage: true,
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('a volunteer signs up on the phone, checks in and out with the QR code’s address, and sees the hours', async () => {
    const workerContext = await newContext(390, 844);
    const context = await newContext(390, 844);
    try {
      const worker = await workerContext.newPage();
      await signIn(worker, 'worker');
      const account = await main.server.database.db
        .selectFrom('user_account')
        .select(['id', 'display_name'])
        .where('username', '=', 'volunteer')
        .executeTakeFirstOrThrow();
      const volunteer = await post<{ id: string }>(worker, '/api/v1/service/volunteers', {
        name: account.display_name,
        userId: account.id,
      });
      const services = await getJson<{ items: Service[] }>(worker, '/api/v1/service/services');
      const cleaning = services.items.find((s) => s.code === 'cleaning');
      if (!cleaning) throw new Error('The station has no cleaning service.');
      // The session itself is planned through the API here; the first test plans one through the form.
      const session = await post<{ id: string }>(worker, '/api/v1/service/sessions', {
        serviceId: cleaning.id,
        startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 120 * 60_000).toISOString(),
        place: { kind: 'station' },
        capacity: 5,
        volunteersNeeded: 3,
      });

      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, 'volunteer');
      await page.getByTestId('task-sessions').getByRole('link').click();
      await page.waitForURL(`${main.url}/service/me`);
      const open = page.getByTestId('open-sessions').locator(`[data-session-id="${session.id}"]`);
      await open.getByRole('button', { name: '我来报名' }).click();
      await page.getByTestId('my-sessions').locator(`[data-session-id="${session.id}"]`).waitFor();
      await expect.poll(() => open.count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'the volunteer’s page');
      await noSidewaysScroll(page, 'the volunteer’s page');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'service-volunteer-390x844.png'),
        fullPage: true,
      });

      // The organiser's QR code carries this address; the volunteer's phone opens it.
      const row = await main.server.database.db
        .selectFrom('service_session')
        .select(['id', 'qr_secret'])
        .where('id', '=', session.id)
        .executeTakeFirstOrThrow();
      // A code that is not this session's is refused, and nothing is recorded.
      await page.goto(`${main.url}/service/checkin/${session.id}?code=not-the-code`);
      await page.getByRole('button', { name: '我到了，签到' }).click();
      await page.getByRole('alert').filter({ hasText: '签到码无效' }).waitFor();
      const refused = await getJson<{ signups: { volunteerId: string; checkedInAt: string | null }[] }>(
        page,
        `/api/v1/service/sessions/${session.id}`,
      );
      expect(refused.signups.find((s) => s.volunteerId === volunteer.id)?.checkedInAt).toBeNull();
      await page.goto(`${main.url}/service/checkin/${session.id}?code=${checkinCode(row)}`);
      await page.getByRole('button', { name: '我到了，签到' }).click();
      await page.getByRole('status').filter({ hasText: '已签到' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the check-in page');
      await page.getByRole('button', { name: '我要走了，签退' }).click();
      await page.getByRole('status').filter({ hasText: '已签到签退' }).waitFor();

      const hours = await getJson<{ volunteer: { id: string }; entries: { sessionId: string | null }[] }>(
        page,
        '/api/v1/service/me/hours',
      );
      expect(hours.volunteer.id).toBe(volunteer.id);
      expect(hours.entries.filter((e) => e.sessionId === session.id)).toHaveLength(1);

      await page.goto(`${main.url}/service/me`);
      await page.getByTestId('my-hours-total').waitFor();
      await page.getByTestId('hours-certificate').waitFor();
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'My volunteering' }).waitFor();
      await page.getByRole('heading', { name: /My hours in \d{4}/ }).waitFor();
      await expectNoSeriousA11yViolations(page, 'the volunteer’s page in English');
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
      await workerContext.close();
    }
  });

  it('a worker opens a purchase round; a building leader orders for a household and marks it delivered; the money is reconciled', async () => {
    const workerContext = await newContext(390, 844);
    const context = await newContext(390, 844);
    try {
      const worker = await workerContext.newPage();
      const pageErrors: string[] = [];
      worker.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(worker, 'worker');
      await worker.goto(`${main.url}/service/rounds`);
      await worker.getByRole('button', { name: '新建团购' }).click();
      const dialog = worker.getByRole('dialog');
      await dialog.waitFor();
      const title = `e2e 米面油 ${Date.now()}`;
      await dialog.getByLabel('团购名称（如 11月米面油）').fill(title);
      await dialog.getByLabel('供应商').fill('京客隆');
      await fillDate(dialog.getByLabel('截止日期'), beijing(7 * 24 * 60).day);
      await dialog.getByLabel('商品（如 大米）').fill('大米');
      await dialog.getByLabel('单位（如 袋）').fill('袋');
      await dialog.getByLabel('市场价（元）').fill('60');
      await dialog.getByLabel('团购价（元）').fill('45');
      await expectNoSeriousA11yViolations(worker, 'the new round form');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const roundLink = worker.getByRole('link', { name: new RegExp(title) });
      const href = (await roundLink.getAttribute('href')) ?? '';
      const roundId = href.split('/').pop() ?? '';

      // The building leader, on her phone, orders two bags for one of her households.
      const leader = await context.newPage();
      leader.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(leader, 'buildingleader');
      await leader.getByTestId('deliveries-button').click();
      await leader.waitForURL(`${main.url}/service/rounds`);
      await leader.getByRole('link', { name: new RegExp(title) }).click();
      await leader.waitForURL(`${main.url}${href}`);
      const households = await getJson<{ items: { id: string }[] }>(leader, '/api/v1/households?limit=5');
      const household = await getJson<{ address: { label: string }; members: { name: string }[] }>(
        leader,
        `/api/v1/households/${households.items[0]?.id}`,
      );
      const resident = household.members[0];
      if (!resident) throw new Error('The building leader’s household has no members.');
      await leader.getByLabel('找居民（姓名、拼音首字母、电话尾号、门牌如 3-2-401）').fill(resident.name);
      await leader
        .getByRole('button', { name: `为这户下单 ${resident.name}` })
        .first()
        .click();
      await leader.getByLabel(/大米/).fill('2');
      await leader.getByRole('button', { name: '下单' }).click();
      await leader.getByRole('status').filter({ hasText: household.address.label }).waitFor();
      const delivery = leader.getByTestId('delivery').filter({ hasText: household.address.label });
      await delivery.waitFor();
      expect(await delivery.textContent()).toContain('¥90.00');
      await expectNoSeriousA11yViolations(leader, 'the round page for a building leader');
      await noSidewaysScroll(leader, 'the round page');
      await leader.screenshot({
        path: path.join(RESULTS_DIR, 'service-deliveries-390x844.png'),
        fullPage: true,
      });
      await delivery.getByRole('button', { name: `已送到 ${household.address.label}` }).click();
      await leader.getByRole('dialog').getByLabel('谁收的').fill(resident.name);
      await leader.getByRole('dialog').getByRole('button', { name: '保存' }).click();
      await expect.poll(() => delivery.textContent()).toContain(`${resident.name} 签收`);

      // The worker records 85 yuan collected, explains the 5 yuan short, and the reconciliation shows it.
      await worker.goto(`${main.url}/service/rounds/${roundId}`);
      const order = worker.getByTestId('delivery').filter({ hasText: household.address.label });
      await order.getByRole('button', { name: `记收款 ${household.address.label}` }).click();
      const money = worker.getByRole('dialog');
      await money.getByLabel('实收（元）').fill('85');
      await money.getByLabel('和应收不一样时，说明原因').fill('老人零钱不够，下次补');
      await money.getByRole('button', { name: '保存' }).click();
      await expect
        .poll(() => worker.getByTestId('reconciliation').textContent())
        .toContain('应收 ¥90.00，实收 ¥85.00');
      await worker.getByText('老人零钱不够，下次补').waitFor();
      await expectNoSeriousA11yViolations(worker, 'the round page with its reconciliation');
      const reconciliation = await getJson<{ expectedFen: number; collectedFen: number }>(
        worker,
        `/api/v1/service/rounds/${roundId}/reconciliation`,
      );
      expect(reconciliation).toMatchObject({ expectedFen: 9000, collectedFen: 8500 });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
      await workerContext.close();
    }
  });
});

describe('service station: a worker keeps the catalogue’s values and the volunteers’ hours right, on a phone', () => {
  let station: rig.BrowserRig;

  beforeAll(async () => {
    station = await rig.startBrowserRig('service-station');
  });

  afterAll(async () => {
    await station?.close();
  });

  /** A JSON GET through the page's session that must answer 200. */
  async function read<T>(page: Page, url: string): Promise<T> {
    const response = await page.request.get(`${station.url}${url}`);
    const json = (await response.json()) as T;
    expect(response.status(), JSON.stringify(json)).toBe(200);
    return json;
  }

  it('gives the haircut a new value from tomorrow, then from today; the catalogue shows both with their days', async () => {
    const context = await station.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await rig.signIn(page, station.url, 'worker');
      const today = beijing().day;
      const tomorrow = beijing(24 * 60).day;

      await page.goto(`${station.url}/service`);
      const haircut = page.locator('[data-testid="service-item"][data-service-code="haircut"]');
      await haircut.waitFor();

      // From tomorrow: today's value stays in force, the new one waits for its day.
      await haircut.getByRole('button', { name: '调整价值 理发' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('这天以前的场次仍按当时的价值');
      await dialog.getByLabel(/新的市场价值/).fill('28');
      await fillDate(dialog.getByLabel('从哪天起执行'), tomorrow);
      await rig.expectNoSeriousA11yViolations(page, 'the change-value dialog');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const upcoming = haircut.getByTestId('service-values').locator('li[data-state="upcoming"]');
      await expect.poll(() => upcoming.textContent()).toBe(`${tomorrow} 起 ¥28.00 · 待生效`);
      const before = await read<{ items: Service[] }>(page, '/api/v1/service/services');
      const todayFen = before.items.find((s) => s.code === 'haircut')?.currentValueFen ?? null;
      expect(todayFen).not.toBe(2800);

      // From today: the value in force changes at once.
      await haircut.getByRole('button', { name: '调整价值 理发' }).click();
      await dialog.waitFor();
      await dialog.getByLabel(/新的市场价值/).fill('26.5');
      await fillDate(dialog.getByLabel('从哪天起执行'), today);
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => haircut.getByTestId('service-current-value').textContent()).toContain('¥26.50');
      const current = haircut.getByTestId('service-values').locator('li[data-state="current"]');
      await expect.poll(() => current.textContent()).toBe(`${today} 起 ¥26.50 · 现行`);
      await expect.poll(() => upcoming.textContent()).toBe(`${tomorrow} 起 ¥28.00 · 待生效`);

      const after = await read<{
        items: (Service & { values: { validFrom: string; valueFen: number }[] })[];
      }>(page, '/api/v1/service/services');
      const saved = after.items.find((s) => s.code === 'haircut');
      expect(saved?.currentValueFen).toBe(2650);
      expect(saved?.values).toEqual(
        expect.arrayContaining([
          { validFrom: tomorrow, valueFen: 2800 },
          { validFrom: today, valueFen: 2650 },
        ]),
      );
      await rig.expectNoSeriousA11yViolations(page, 'the station page with the values');
      await rig.noSidewaysScroll(page, 'the station page with the values');
      await page.screenshot({
        path: path.join(rig.RESULTS_DIR, 'service-values-390x844.png'),
        fullPage: true,
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the building leader’s Deliveries button lists only rounds still open or with doors not yet delivered', async () => {
    const workerContext = await station.newContext(390, 844);
    const context = await station.newContext(390, 844);
    try {
      const worker = await workerContext.newPage();
      await rig.signIn(worker, station.url, 'worker');
      const leader = await context.newPage();
      const pageErrors: string[] = [];
      leader.on('pageerror', (error) => pageErrors.push(error.message));
      await rig.signIn(leader, station.url, 'buildingleader');

      const item = { name: '面粉', unit: '袋', marketFen: 3000, groupFen: 2500 };
      const round = (title: string, closesOn: string) =>
        rig.postAsPage<{ id: string; items: { id: string }[] }>(
          worker,
          station.url,
          '/api/v1/service/rounds',
          {
            title,
            supplier: '物美',
            closesOn,
            items: [item],
          },
        );
      const open = await round('e2e 还在接单', beijing(3 * 24 * 60).day);
      const pastNoOrders = await round('e2e 已截止没人订', beijing(-2 * 24 * 60).day);
      const waiting = await round('e2e 已截止待送', beijing(3 * 24 * 60).day);
      // The leader orders while it is open; then the round closes (its closing day moved into the past).
      const households = await read<{ items: { id: string }[] }>(leader, '/api/v1/households?limit=1');
      const order = await rig.postAsPage<{ id: string }>(
        leader,
        station.url,
        `/api/v1/service/rounds/${waiting.id}/orders`,
        { householdId: households.items[0]?.id, lines: [{ itemId: waiting.items[0]?.id, quantity: 1 }] },
      );
      await station.server.database.db
        .updateTable('purchase_round')
        .set({ closes_on: beijing(-24 * 60).day })
        .where('id', '=', waiting.id)
        .execute();

      const titles = () => leader.getByTestId('rounds').getByRole('link').allTextContents();
      await leader.getByTestId('deliveries-button').click();
      await leader.waitForURL(`${station.url}/service/rounds`);
      await expect.poll(async () => (await titles()).join('\n')).toContain('e2e 已截止待送');
      expect((await titles()).join('\n')).toContain('e2e 还在接单');
      expect((await titles()).join('\n')).not.toContain('e2e 已截止没人订');
      await rig.expectNoSeriousA11yViolations(leader, 'the building leader’s rounds');
      await rig.noSidewaysScroll(leader, 'the building leader’s rounds');

      // Once every door is delivered, the closed round leaves her list; the worker still sees every round.
      await rig.postAsPage(leader, station.url, `/api/v1/service/orders/${order.id}/delivered`, {
        receivedBy: '本人',
      });
      await leader.reload();
      await leader
        .getByTestId('rounds')
        .getByRole('link', { name: /e2e 还在接单/ })
        .waitFor();
      expect((await titles()).join('\n')).not.toContain('e2e 已截止待送');
      await worker.goto(`${station.url}/service/rounds`);
      for (const r of [open, pastNoOrders, waiting])
        await worker.locator(`a[href="/service/rounds/${r.id}"]`).waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
      await workerContext.close();
    }
  });

  it('registers a volunteer, opens her page from the list and corrects an hours entry; the total follows', async () => {
    const context = await station.newContext(390, 844);
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await rig.signIn(page, station.url, 'worker');

      // From the station to all its volunteers; someone new is registered there.
      await page.goto(`${station.url}/service`);
      await page.getByRole('link', { name: '全部志愿者' }).click();
      await page.waitForURL(`${station.url}/service/volunteers`);
      await page.getByLabel('新志愿者姓名').fill('王阿姨');
      await page.getByLabel('电话（可不填）').fill('13900005678');
      await page.getByRole('button', { name: '登记志愿者' }).click();
      await page.getByRole('status').filter({ hasText: '已登记 王阿姨' }).waitFor();
      const row = page.getByTestId('volunteer').filter({ hasText: '王阿姨' });
      await row.waitFor();
      expect(await row.getByRole('link', { name: '13900005678' }).getAttribute('href')).toBe(
        'tel:13900005678',
      );
      await rig.expectNoSeriousA11yViolations(page, 'the volunteers list');
      await rig.noSidewaysScroll(page, 'the volunteers list');
      await page.screenshot({
        path: path.join(rig.RESULTS_DIR, 'service-volunteers-390x844.png'),
        fullPage: true,
      });
      const volunteerId = (await row.getAttribute('data-volunteer-id')) ?? '';

      // She helps at a cleaning session; the organiser checks her in and out, which writes an hours entry.
      const services = await read<{ items: Service[] }>(page, '/api/v1/service/services');
      const cleaning = services.items.find((s) => s.code === 'cleaning');
      if (!cleaning) throw new Error('The station has no cleaning service.');
      const session = await rig.postAsPage<{ id: string }>(page, station.url, '/api/v1/service/sessions', {
        serviceId: cleaning.id,
        startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
        endsAt: new Date(Date.now() + 120 * 60_000).toISOString(),
        place: { kind: 'station' },
        capacity: 5,
        volunteersNeeded: 1,
      });
      for (const step of ['signups', 'checkin', 'checkout'])
        await rig.postAsPage(page, station.url, `/api/v1/service/sessions/${session.id}/${step}`, {
          volunteerId,
        });
      const recorded = await read<{ entries: { id: string; minutes: number }[]; totalMinutes: number }>(
        page,
        `/api/v1/service/volunteers/${volunteerId}/hours`,
      );
      const [original] = recorded.entries;
      if (!original) throw new Error('Check-out wrote no hours entry.');

      await page.reload();
      const listed = page.getByTestId('volunteer').filter({ hasText: '王阿姨' });
      // The list says how much she has served this year.
      await expect
        .poll(() => listed.getByTestId('volunteer-year-hours').getAttribute('data-minutes'))
        .toBe(String(recorded.totalMinutes));
      await listed.getByRole('link', { name: /王阿姨/ }).click();
      await page.waitForURL(`${station.url}/service/volunteers/${volunteerId}`);
      await page.getByTestId('volunteer-heading').filter({ hasText: '王阿姨' }).waitFor();
      const total = page.getByTestId('volunteer-hours-total');
      await expect.poll(() => total.getAttribute('data-minutes')).toBe(String(recorded.totalMinutes));

      // She forgot to check out for two and a half hours: the worker corrects the entry, with the reason.
      const entry = page.locator(`[data-testid="hours-entry"][data-entry-id="${original.id}"]`);
      await entry.getByRole('button', { name: /^更正/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByLabel('小时').fill('2');
      await dialog.getByLabel('分钟').fill('30');
      await dialog.getByLabel('更正原因').fill('签退晚了，实际服务两个半小时');
      await rig.expectNoSeriousA11yViolations(page, 'the correction dialog');
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // The correction is a new entry beside the original, which still shows what was first recorded.
      const correction = entry.getByTestId('hours-correction');
      await expect.poll(() => correction.count()).toBe(1);
      expect(await correction.textContent()).toContain('原因：签退晚了，实际服务两个半小时');
      expect(await entry.textContent()).toContain(
        `记录 ${Math.floor(original.minutes / 60)} 小时 ${original.minutes % 60} 分`,
      );
      expect(await entry.getByTestId('hours-entry-now').textContent()).toBe('现计 2 小时 30 分');
      await expect.poll(() => total.getAttribute('data-minutes')).toBe('150');
      expect(await total.textContent()).toBe('2 小时 30 分');

      const corrected = await read<{
        entries: { id: string; minutes: number; correctsId: string | null; reason: string | null }[];
        totalMinutes: number;
      }>(page, `/api/v1/service/volunteers/${volunteerId}/hours`);
      expect(corrected.totalMinutes).toBe(150);
      expect(corrected.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: original.id, minutes: original.minutes, correctsId: null }),
          expect.objectContaining({
            minutes: 150 - original.minutes,
            correctsId: original.id,
            reason: '签退晚了，实际服务两个半小时',
          }),
        ]),
      );
      await rig.expectNoSeriousA11yViolations(page, 'the volunteer’s hours page');
      await rig.noSidewaysScroll(page, 'the volunteer’s hours page');
      await page.screenshot({
        path: path.join(rig.RESULTS_DIR, 'service-volunteer-hours-390x844.png'),
        fullPage: true,
      });
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
