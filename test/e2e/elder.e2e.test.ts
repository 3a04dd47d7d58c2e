import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHeard } from '../../src/web/lib/heard';
import { type BrowserRig, postAsPage, RESULTS_DIR, signIn, startBrowserRig } from '../support/browser';
import { cstTime, cstToday, type Household, householdsOf, type Plan } from '../support/care';

/*
 * 长辈模式 as MIIT's age-friendly rules measure it, at the largest text step, on every phone page of the
 * building leader and on the residents' pages: main text ≥ 30 px, line height ≥ 1.3, every control
 * ≥ 60 × 60 px, no sideways scroll at 390 px, no colour-contrast finding. And 读给我听 on every card she
 * reads, speaking the text shown.
 */

let rig: BrowserRig;
let household: Household;
let plan: Plan;
let reportId: string;
let buildingId: string;
let followPath: string;
let noticeId: string;
const savedInterval = process.env.LINLI_ESCALATION_INTERVAL_SECONDS;

interface Measured {
  smallText: string[];
  tightLines: string[];
  smallControls: string[];
  scrollWidth: number;
  /** What reaches past the right edge, outside any scrolling region of its own. */
  wide: string[];
  textPx: number;
}

/** Reads what the rules measure, in the page itself. */
function measure(): Measured {
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (el.closest('.linli-visually-hidden, [aria-hidden="true"]')) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const describe = (el: Element) =>
    `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">${(el.textContent ?? '').trim().slice(0, 24)}`;
  const scope = Array.from(document.querySelectorAll('main, header'));
  const texts = scope.flatMap((root) =>
    Array.from(root.querySelectorAll('*')).filter(
      (el) =>
        !(el instanceof SVGElement) &&
        Array.from(el.childNodes).some(
          (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim(),
        ) &&
        visible(el),
    ),
  );
  const smallText: string[] = [];
  const tightLines: string[] = [];
  for (const el of texts) {
    const style = getComputedStyle(el);
    const size = Number.parseFloat(style.fontSize);
    if (size < 29.5) smallText.push(`${describe(el)} ${size}px`);
    const line = style.lineHeight === 'normal' ? Number.NaN : Number.parseFloat(style.lineHeight);
    if (!(line / size >= 1.3)) tightLines.push(`${describe(el)} ${style.lineHeight}/${size}`);
  }
  const controlSelector = [
    'button',
    'a',
    'input:not([type="radio"], [type="checkbox"], [type="file"], [type="hidden"])',
    'textarea',
    'select',
    'summary',
    '.ant-select',
    '.ant-picker',
    '.ant-input-number',
    '.ant-input-affix-wrapper',
    '.ant-radio-wrapper',
    '.ant-radio-button-wrapper',
    '.ant-checkbox-wrapper',
    '.ant-segmented-item',
  ].join(', ');
  const inner = '.ant-select, .ant-picker, .ant-input-number, .ant-input-affix-wrapper';
  const smallControls: string[] = [];
  for (const root of scope) {
    for (const el of Array.from(root.querySelectorAll(controlSelector))) {
      if (!visible(el)) continue;
      if (el.tagName === 'INPUT' && el.parentElement?.closest(inner)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 59.5 || r.height < 59.5) {
        smallControls.push(`${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
  }
  const main = document.querySelector('main p, main li, main dd') ?? document.body;
  return {
    smallText,
    tightLines,
    smallControls,
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    wide: Array.from(document.querySelectorAll('body *'))
      .filter(
        (el) => el.getBoundingClientRect().right > 391 && !el.parentElement?.closest('.linli-grid-scroll'),
      )
      .slice(0, 8)
      .map((el) => `${describe(el)} → ${Math.round(el.getBoundingClientRect().right)}`),
    textPx: Number.parseFloat(getComputedStyle(main).fontSize),
  };
}

async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page
    .locator('.ant-spin, .linli-spinner')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
  await page.mouse.move(0, 0);
  // antd writes a component's styles when it first draws it: the layout settles a moment after.
  await expect
    .poll(() => page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0), { timeout: 3_000 })
    .toBeLessThanOrEqual(390)
    .catch(() => undefined);
}

async function checkPage(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: path.join(RESULTS_DIR, `elder-${name}-390x844.png`), fullPage: true });
  const m = await page.evaluate(measure);
  expect.soft(m.textPx, `${name}: main text`).toBeGreaterThanOrEqual(29.5);
  expect.soft(m.smallText, `${name}: text under 30 px`).toEqual([]);
  expect.soft(m.tightLines, `${name}: line height under 1.3`).toEqual([]);
  expect.soft(m.smallControls, `${name}: controls under 60 × 60 px`).toEqual([]);
  expect
    .soft(m.scrollWidth, `${name}: sideways scroll at 390 px: ${m.wide.join(' | ')}`)
    .toBeLessThanOrEqual(390);
  const contrast = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  expect
    .soft(
      contrast.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`)),
      `${name}: colour contrast`,
    )
    .toEqual([]);
}

/** Every request to speak is recorded, not spoken: the browser API is the boundary. */
function recordSpeech() {
  const w = window as unknown as { linliSpoken: { text: string; lang: string; rate: number }[] };
  w.linliSpoken = [];
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    cancel() {},
    pause() {},
    resume() {},
    getVoices: () => [],
    speak(utterance: SpeechSynthesisUtterance) {
      w.linliSpoken.push({ text: utterance.text, lang: utterance.lang, rate: utterance.rate });
    },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
}

const spoken = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { linliSpoken: { text: string; lang: string; rate: number }[] }).linliSpoken,
  );

/** The text a card shows, as 读给我听 takes it (buttons left out), turned into words for the ear. */
async function shownHeard(card: ReturnType<Page['locator']>): Promise<string> {
  const text = await card.evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    for (const skip of Array.from(
      clone.querySelectorAll('button, input, select, textarea, svg, [aria-hidden="true"], [data-no-read]'),
    )) {
      skip.remove();
    }
    return clone.textContent ?? '';
  });
  return toHeard(text.replace(/\s+/g, ' '), 'zh-CN');
}

const squash = (s: string) => s.replace(/[\s，。,.]/g, '');

/** 长辈模式 at its largest step, chosen for the account (as the first test does by tapping). */
async function largestStep(page: Page): Promise<void> {
  const me = (await (await page.request.get(`${rig.url}/api/v1/auth/me`)).json()) as { csrfToken: string };
  const res = await page.request.put(`${rig.url}/api/v1/auth/me/preferences`, {
    data: { elderMode: true, textStep: 3, elderOffered: true },
    headers: { 'x-csrf-token': me.csrfToken },
  });
  expect(res.status()).toBe(200);
  await page.reload();
  await expect.poll(() => page.locator('html').getAttribute('class')).toContain('linli-text-3');
}

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.newContext(390, 844);
  await context.addInitScript(recordSpeech);
  return { context, page: await context.newPage() };
}

describe('长辈模式 and 读给我听 for the building leader and the residents', () => {
  beforeAll(async () => {
    process.env.LINLI_ESCALATION_INTERVAL_SECONDS = '1';
    rig = await startBrowserRig('elder', { offerElderMode: true });
    const worker = await (await rig.newContext(1280, 900)).newPage();
    await signIn(worker, rig.url, 'worker');
    const { context, page: leader } = await phone();
    await signIn(leader, rig.url, 'buildingleader');
    const households = await householdsOf(leader, rig.url);
    await context.close();
    const found = households.find((h) => h.members.some((m) => (m.age ?? 0) >= 70)) ?? households[0];
    if (!found) throw new Error('The demo building leader has no household.');
    household = found;
    const resident = household.members.find((m) => (m.age ?? 0) >= 70) ?? household.members[0];
    if (!resident) throw new Error('The household has nobody in it.');
    plan = await postAsPage<Plan>(worker, rig.url, '/api/v1/care/plans', {
      residentId: resident.id,
      risk: 'high',
      checkin: {
        time: cstTime(120),
        ways: ['in_person', 'phone_call'],
        graceMinutes: 30,
        consent: { date: cstToday(), form: 'spoken' },
      },
    });
    const report = await postAsPage<{ id: string }>(worker, rig.url, '/api/v1/reports', {
      category: 'repairs',
      householdId: household.id,
      description: '楼道灯坏了，晚上 20:30 以后看不见台阶。',
    });
    reportId = report.id;
    const detail = (await (
      await worker.request.get(`${rig.url}/api/v1/households/${household.id}`)
    ).json()) as {
      address: { buildingId?: string };
    };
    const buildings = (await (await worker.request.get(`${rig.url}/api/v1/buildings`)).json()) as {
      items: { id: string }[];
    };
    buildingId = detail.address.buildingId ?? (buildings.items[0]?.id as string);
    const created = (await (
      await worker.request.post(`${rig.url}/api/public/buildings/${buildingId}/reports`, {
        data: { category: 'repairs', description: '三楼水管漏水', phone: '13800138000' },
      })
    ).json()) as { followLink: string };
    followPath = new URL(created.followLink, rig.url).pathname;

    const committee = await (await rig.newContext(1280, 900)).newPage();
    await signIn(committee, rig.url, 'committee');
    const applicant = household.members[0];
    if (!applicant) throw new Error('unreachable');
    await postAsPage(committee, rig.url, `/api/v1/welfare/households/${household.id}/facts`, {
      members: 1,
      monthlyIncome: 200,
      deposits: 0,
      securities: 0,
      vehicles: 0,
      homes: 1,
      floorArea: 30,
      localHukou: true,
    });
    const filed = await postAsPage<{ id: string }>(committee, rig.url, '/api/v1/welfare/applications', {
      householdId: household.id,
      applicantResidentId: applicant.id,
      policyId: 'dibao',
      documents: [],
    });
    await postAsPage(committee, rig.url, `/api/v1/welfare/applications/${filed.id}/review`, {
      approve: true,
    });
    noticeId = (
      await postAsPage<{ id: string }>(committee, rig.url, '/api/v1/welfare/notices', {
        policyId: 'dibao',
        applicationIds: [filed.id],
        objectionContact: '社区居委会一楼窗口',
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
    if (savedInterval === undefined) delete process.env.LINLI_ESCALATION_INTERVAL_SECONDS;
    else process.env.LINLI_ESCALATION_INTERVAL_SECONDS = savedInterval;
  });

  it('offers 长辈模式 at the first sign-in, keeps the choice with the account and brings it to another phone', async () => {
    const { context, page } = await phone();
    try {
      await signIn(page, rig.url, 'buildingleader');
      const offer = page.getByRole('dialog', { name: '要不要用长辈模式？' });
      await offer.waitFor();
      await offer.getByRole('button', { name: '好，用长辈模式' }).click();
      await expect.poll(() => page.locator('html').getAttribute('class')).toContain('linli-elder');
      await offer.waitFor({ state: 'hidden' });
      await page.getByTestId('text-step-3').click();
      await expect
        .poll(async () => await (await page.request.get(`${rig.url}/api/v1/auth/me/preferences`)).json())
        .toEqual({ elderMode: true, textStep: 3, elderOffered: true });
      expect(await page.getByTestId('elder-switch').getAttribute('aria-pressed')).toBe('true');
      // This phone keeps a copy, so the next page is right before the server answers.
      expect(await page.evaluate(() => localStorage.getItem('linli.look'))).toBe(
        '{"elderMode":true,"textStep":3}',
      );
    } finally {
      await context.close();
    }
    const other = await phone();
    try {
      await signIn(other.page, rig.url, 'buildingleader');
      await expect.poll(() => other.page.locator('html').getAttribute('class')).toContain('linli-text-3');
      expect(await other.page.getByRole('dialog').count()).toBe(0);
    } finally {
      await other.context.close();
    }
  });

  it('at the largest step, every phone page of the building leader and the residents’ pages meet the rules', async () => {
    const { context, page } = await phone();
    try {
      await signIn(page, rig.url, 'buildingleader');
      await largestStep(page);
      const pages: [string, string][] = [
        ['home', '/'],
        ['households', '/households'],
        ['household', `/households/${household.id}`],
        ['report-form', '/reports/new'],
        ['report-detail', `/reports/${reportId}`],
        ['waiting', '/reports/waiting'],
        ['care', '/care'],
        ['visit-form', `/care/plans/${plan.id}/visit`],
        ['buildings', '/buildings'],
        ['building-picture', `/buildings/${buildingId}`],
        ['rounds', '/service/rounds'],
        ['service-me', '/service/me'],
      ];
      for (const [name, at] of pages) {
        await page.goto(`${rig.url}${at}`);
        await checkPage(page, name);
        if (name === 'home') {
          // One thing per screen: today's work; the figures and everything else behind 更多事情.
          await page.getByTestId('care-today').waitFor();
          expect(await page.getByTestId('elder-more').count()).toBe(1);
          expect(await page.getByTestId('summary-households').isVisible()).toBe(false);
        }
      }
    } finally {
      await context.close();
    }
    const resident = await phone();
    try {
      for (const [name, at] of [
        ['public-building', `/b/${buildingId}`],
        ['public-follow', followPath],
        ['public-notice', `/n/${noticeId}`],
      ] as const) {
        await resident.page.goto(`${rig.url}${at}`);
        if (name === 'public-building') {
          await resident.page.getByTestId('larger-text').click();
          expect(await resident.page.getByTestId('larger-text').getAttribute('aria-pressed')).toBe('true');
        }
        await checkPage(resident.page, name);
      }
      expect(await resident.page.evaluate(() => localStorage.getItem('linli.look'))).toBe(
        '{"elderMode":true,"textStep":3}',
      );
    } finally {
      await resident.context.close();
    }
  }, 240_000);

  it('reads each card aloud as it is shown, in a Chinese voice, slower when asked', async () => {
    const { context, page } = await phone();
    try {
      await signIn(page, rig.url, 'buildingleader');
      await largestStep(page);
      const places: [string, string, ReturnType<Page['locator']>][] = [
        ['today', '/', page.getByTestId('care-today')],
        ['a task', '/', page.locator(`[data-testid="care-item"][data-plan-id="${plan.id}"]`)],
        ['a household', `/households/${household.id}`, page.getByTestId('household-summary')],
        ['its members', `/households/${household.id}`, page.getByTestId('household-members')],
        ['a report', `/reports/${reportId}`, page.getByTestId('report-summary')],
      ];
      for (const [name, at, card] of places) {
        await page.goto(`${rig.url}${at}`);
        await card.waitFor();
        const before = (await spoken(page)).length;
        await card.getByTestId('read-aloud').first().click();
        const said = (await spoken(page)).slice(before);
        expect(said, name).toHaveLength(1);
        expect(said[0]?.lang).toBe('zh-CN');
        expect(squash(said[0]?.text ?? ''), name).toBe(squash(await shownHeard(card)));
        expect(said[0]?.text, name).not.toMatch(/[0-9a-f]{8}-|（空）|\d+-\d+-\d+/);
      }
      // The address is said as a place, not as a sum.
      const household0 = (await spoken(page)).find((s) => s.text.includes('号楼'));
      expect(household0, 'an address said as 号楼 and 单元').toBeTruthy();
      const before = (await spoken(page)).at(-1)?.rate ?? 1;
      await page.getByRole('button', { name: '慢一点' }).first().click();
      expect((await spoken(page)).at(-1)?.rate).toBeLessThan(before);
    } finally {
      await context.close();
    }
    const resident = await phone();
    try {
      for (const at of [followPath, `/n/${noticeId}`]) {
        await resident.page.goto(`${rig.url}${at}`);
        await resident.page.getByTestId('read-aloud').click();
        const said = await spoken(resident.page);
        expect(said.at(-1)?.lang).toBe('zh-CN');
        expect(said.at(-1)?.text.length).toBeGreaterThan(5);
        expect(said.at(-1)?.text).not.toMatch(/https?:|（空）/);
      }
    } finally {
      await resident.context.close();
    }
  });
});
