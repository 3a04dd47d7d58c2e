import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserRig,
  expectNoSeriousA11yViolations,
  noSidewaysScroll,
  RESULTS_DIR,
  signIn,
  startBrowserRig,
} from '../support/browser';

let rig: BrowserRig;

describe('reminders: which notices reach the phone while Linli is closed', () => {
  beforeAll(async () => {
    rig = await startBrowserRig('settings');
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('a building leader opens 提醒设置 from the header on a phone and turns one kind off; the server keeps it', async () => {
    const context = await rig.newContext(390, 844);
    try {
      const page = await context.newPage();
      await signIn(page, rig.url, 'buildingleader');
      await page.getByRole('link', { name: '提醒设置' }).click();
      await page.waitForURL(`${rig.url}/settings`);
      await page.getByRole('heading', { level: 1, name: '提醒' }).waitFor();
      // Headless Chromium has the push API: the phone says it does not receive reminders yet and offers to.
      await page.getByTestId('push-this-phone').getByText('这部手机还收不到提醒。').waitFor();
      await page.getByRole('button', { name: '在这部手机上接收提醒' }).waitFor();

      expect(await page.getByRole('switch', { name: '紧急诉求（社区党委）' }).count()).toBe(0);
      const ladder = page.getByRole('switch', { name: '有人没报平安，要我去问问' });
      expect(await ladder.getAttribute('aria-checked')).toBe('true');
      await ladder.click();
      await expect.poll(() => ladder.getAttribute('aria-checked')).toBe('false');
      const stored = (await (await page.request.get(`${rig.url}/api/v1/push/settings`)).json()) as {
        kinds: Record<string, boolean>;
      };
      expect(stored.kinds).toEqual({ emergency_report: true, report_assigned: true, ladder_step: false });

      // Each switch is big enough for a finger.
      for (const box of await Promise.all(
        (await page.getByRole('switch').all()).map((s) => s.boundingBox()),
      )) {
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(36);
        expect(box?.width ?? 0).toBeGreaterThanOrEqual(60);
      }
      await noSidewaysScroll(page, 'the reminders page');
      await expectNoSeriousA11yViolations(page, 'the reminders page');
      await page.screenshot({ path: path.join(RESULTS_DIR, 'settings-390x844.png'), fullPage: true });

      // Read again after a reload: it was the server that kept it.
      await page.reload();
      await expect
        .poll(() =>
          page.getByRole('switch', { name: '有人没报平安，要我去问问' }).getAttribute('aria-checked'),
        )
        .toBe('false');
    } finally {
      await context.close();
    }
  });
});
