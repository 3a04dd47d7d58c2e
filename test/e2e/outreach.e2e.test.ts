import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  choose,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

/** Clicks a choice in the open drop-down (antd's own option list, not its hidden accessible copy). */
async function pick(page: Page, label: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

/** A button of the dialog on top; antd spaces two-character words out (保 存). */
function dialogButton(page: Page, words: string) {
  return page
    .locator('.ant-modal-wrap:visible')
    .last()
    .getByRole('button', { name: new RegExp(`^${[...words].join('\\s?')}$`) });
}

const TITLE = '冬季高龄独居老人走访';

describe('走访名单: a worker plans a round at a desk (1440×900), a building leader records it on a phone (390×844)', () => {
  let leaderDoor = '';
  /** The doors the worker put on the list, and how many of them are the building leader's. */
  let picked: string[] = [];
  let leaderCount = 0;

  beforeAll(async () => {
    rig = await startBrowserRig('outreach');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a worker filters households, picks some, adds them to a new list, opens it and records an outcome', async () => {
    // The building leader's first door, so the phone story below has a door of theirs on the list.
    const leaderContext = await rig.newContext(390, 844);
    const leaderPage = await leaderContext.newPage();
    await signIn(leaderPage, rig.url, 'buildingleader');
    const own = (
      (await (
        await leaderPage.request.get(`${rig.url}/api/v1/households?limit=500&sort=address`)
      ).json()) as {
        items: { address: { label: string } }[];
      }
    ).items;
    const leaderLabels = new Set(own.map((h) => h.address.label));
    leaderDoor = own[0]?.address.label ?? '';
    expect(leaderDoor).not.toBe('');
    await leaderContext.close();

    const context = await rig.newContext(1440, 900);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'worker');
      await page.getByTestId('desk-menu').getByRole('link', { name: '台账' }).click();
      await page.waitForURL(`${rig.url}/households`);
      const table = page.getByTestId('households-table');
      const rows = table.locator('tbody tr.ant-table-row');
      await rows.first().waitFor();

      // Those living alone.
      await table.getByTestId('filter-care').click();
      await pick(page, '独居');
      await expect
        .poll(async () => (await rows.allTextContents()).every((text) => text.includes('独居')))
        .toBe(true);
      const picks = page.getByRole('checkbox', { name: /^选这一户：/ });
      const labels: string[] = [];
      // The first on the page and the last two, so the round spans more than one building leader.
      const onPage = await picks.count();
      expect(onPage).toBeGreaterThan(5);
      for (const i of [0, onPage - 2, onPage - 1]) {
        const box = picks.nth(i);
        labels.push(((await box.getAttribute('aria-label')) ?? '').replace('选这一户：', ''));
        await box.check();
      }
      await expect.poll(() => page.getByTestId('bulk-bar').textContent()).toContain('已选 3 户');

      // And the leader's first door, found by its address: the three stay picked.
      await table.getByTestId('filter-care').click();
      await pick(page, '不限');
      await table.getByTestId('filter-q').locator('input').fill(leaderDoor);
      await table.getByTestId('filter-q').locator('input').press('Enter');
      await expect.poll(() => rows.count()).toBe(1);
      const leaderBox = page.getByRole('checkbox', { name: `选这一户：${leaderDoor}` });
      if (!labels.includes(leaderDoor)) {
        await leaderBox.check();
        labels.push(leaderDoor);
      }
      await expect
        .poll(() => page.getByTestId('bulk-bar').textContent())
        .toContain(`已选 ${labels.length} 户`);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-picked-1440.png') });

      // 加入走访名单: no list yet, so a new one.
      await page.getByTestId('add-to-outreach').click();
      const dialog = page.getByTestId('outreach-dialog');
      await dialog.waitFor();
      await page.getByTestId('outreach-title').fill(TITLE);
      await page.getByTestId('outreach-purpose').fill('讲冬季取暖补贴，看看暖气');
      const due = page.getByLabel('哪天前走完（可以不填）');
      await due.click();
      await due.fill('2026-12-20');
      await due.press('Enter');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-new-list-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the add-to-outreach dialog');
      await dialogButton(page, '加入').click();

      const result = page.getByTestId('outreach-result');
      await result.waitFor();
      await expect.poll(() => result.textContent()).toContain(`加进去了 ${labels.length} 户`);
      for (const label of labels) await expect.poll(() => result.textContent()).toContain(label);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-result-1440.png') });
      picked = labels;
      leaderCount = labels.filter((l) => leaderLabels.has(l)).length;
      // The way to the list is in the summary.
      await page.getByTestId('open-outreach-list').waitFor();
      await dialogButton(page, '知道了').click();
      await expect.poll(() => page.getByTestId('bulk-bar').count()).toBe(0);

      // The list, from the lists page (the side menu).
      await page.getByTestId('desk-menu').getByRole('link', { name: '走访名单' }).click();
      await page.waitForURL(`${rig.url}/outreach`);
      await page.getByRole('link', { name: new RegExp(TITLE) }).click();
      await page.waitForURL(/\/outreach\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
      await expect
        .poll(() => page.getByTestId('outreach-counts').textContent())
        .toContain(`共 ${labels.length} 户`);
      const entries = page.getByTestId('outreach-table');
      const entryRows = entries.locator('tbody tr.ant-table-row');
      await expect.poll(() => entryRows.count()).toBe(labels.length);
      expect(
        Number(((await entries.getByTestId('desk-table-total').textContent()) ?? '').replace(/\D/g, '')),
      ).toBe(labels.length);

      // 记结果 for the first door: 没人在家, with a note.
      const first = labels.find((l) => l !== leaderDoor) as string;
      await page.getByTestId(`record-${first}`).click();
      await page.getByTestId('record-dialog').waitFor();
      await choose(page, 'radio', '没人在家');
      await page.getByTestId('record-note').fill('敲门没人应，明天再来');
      await expectNoSeriousA11yViolations(page, 'the record-outcome dialog');
      await dialogButton(page, '保存').click();
      const row = entryRows.filter({ hasText: first });
      await expect.poll(() => row.textContent()).toContain('没人在家');
      await expect.poll(() => row.textContent()).toContain('敲门没人应，明天再来');

      // 移出名单: a door added by mistake, not yet visited, comes off the list after a question.
      const mistake = labels.find((l) => l !== first && !leaderLabels.has(l)) as string;
      expect(mistake).toBeDefined();
      expect(await page.getByTestId(`remove-${first}`).count()).toBe(0);
      await page.getByTestId(`remove-${mistake}`).click();
      await expect
        .poll(() => page.locator('.ant-modal-wrap:visible').last().textContent())
        .toContain('这户还没去过');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-remove-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the take-off-the-list dialog');
      await dialogButton(page, '移出').click();
      labels.splice(labels.indexOf(mistake), 1);
      await expect.poll(() => entryRows.count()).toBe(labels.length);
      expect(await entryRows.filter({ hasText: mistake }).count()).toBe(0);
      await expect
        .poll(() => page.getByTestId('outreach-counts').textContent())
        .toContain(`共 ${labels.length} 户`);

      // Filter by outcome: just that door.
      await entries.getByTestId('filter-outcome').click();
      await pick(page, '没人在家');
      await expect.poll(() => entryRows.count()).toBe(1);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-list-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the outreach list at a desk');

      // The lists page shows how far the round has got.
      await page.getByTestId('desk-menu').getByRole('link', { name: '走访名单' }).click();
      await page.waitForURL(`${rig.url}/outreach`);
      await expect
        .poll(() => page.getByTestId('outreach-lists').textContent())
        .toContain(`共 ${labels.length} 户：见到了 0 户，没人在家 1 户，还没去 ${labels.length - 1} 户`);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-lists-1440.png') });
      await expectNoSeriousA11yViolations(page, 'the outreach lists at a desk');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a building leader opens the list on a phone and records one of their doors', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, rig.url, 'buildingleader');
      // From the home page's list of places to go.
      await page.getByTestId('task-outreach').getByRole('link', { name: '看走访名单' }).click();
      await page.waitForURL(`${rig.url}/outreach`);
      const lists = page.getByTestId('outreach-lists');
      await expect.poll(() => lists.textContent()).toContain(TITLE);
      // Only their own doors count for them.
      expect(leaderCount).toBeGreaterThan(0);
      expect(leaderCount).toBeLessThan(picked.length);
      await expect.poll(() => lists.textContent()).toContain(`共 ${leaderCount} 户`);
      await noSidewaysScroll(page, 'the outreach lists on a phone');
      await expectNoSeriousA11yViolations(page, 'the outreach lists on a phone');
      await page.getByRole('link', { name: new RegExp(TITLE) }).click();
      await page.waitForURL(/\/outreach\/[0-9a-f-]{36}$/);

      const doors = page.getByTestId('outreach-doors').getByRole('listitem');
      await expect.poll(() => doors.count()).toBe(leaderCount);
      const door = page.getByTestId(`door-${leaderDoor}`);
      await expect.poll(() => door.textContent()).toContain('还没去');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'outreach-door-390.png'), fullPage: true });
      await expectNoSeriousA11yViolations(page, 'the doors of a list on a phone');

      const reached = page.getByRole('button', { name: `${leaderDoor} 见到了` });
      const box = await reached.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
      await reached.click();
      await expect
        .poll(() => page.getByRole('status').textContent())
        .toContain(`已记下：${leaderDoor} 见到了`);
      await expect.poll(() => door.getByTestId('outcome-tag').textContent()).toBe('见到了');
      await expect.poll(() => reached.getAttribute('aria-pressed')).toBe('true');
      await noSidewaysScroll(page, 'the doors of a list on a phone');
      await page.screenshot({
        path: path.join(RESULTS_DIR, 'outreach-door-recorded-390.png'),
        fullPage: true,
      });
      await expectNoSeriousA11yViolations(page, 'the doors of a list on a phone, one recorded');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
