import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebInto, FIRST_LOADS, type FirstLoad, measureFirstLoads } from '../../test/support/webBundle';

/**
 * The web app's weight on a phone, checked on a real production build: a page reached by a QR code on a
 * notice board must open fast on a cheap phone with weak signal. `npm run bench -- web` reports the same
 * figures beside Lighthouse's.
 */
describe('bundle budgets', () => {
  let outDir = '';
  let loads: FirstLoad[] = [];

  beforeAll(async () => {
    outDir = await buildWebInto('linli-budget-');
    loads = measureFirstLoads(outDir);
  }, 300_000);
  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it.each(Object.keys(FIRST_LOADS))('%s stays within its budget', (name) => {
    const load = loads.find((l) => l.name === name);
    expect(load, name).toBeDefined();
    if (!load) return;
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    expect(
      load.gzipBytes,
      `${name}: ${kb(load.gzipBytes)} gzipped in ${load.files.join(', ')}`,
    ).toBeLessThanOrEqual(load.budgetBytes);
  });

  it('the public pages and the sign-in carry none of the staff app, antd, TanStack Query, zod or ECharts', () => {
    const publicLoad = loads.find((l) => l.name === 'public pages (/b/, /r/, /n/) and the sign-in (/login)');
    expect(publicLoad).toBeDefined();
    const code = (publicLoad?.files ?? [])
      .map((file) => fs.readFileSync(`${outDir}/${file}`, 'utf8'))
      .join('\n');
    // Markers each library leaves in its minified code.
    expect(code).not.toContain('ant-btn');
    expect(code).not.toContain('data-token-hash');
    expect(code).not.toContain('QueryClient');
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('echarts');
    // The staff app's own session code (signing out lives only there).
    expect(code).not.toContain('/api/v1/auth/logout');
  });

  it("the building leader's home carries none of antd: its frame, header and home are drawn without it", () => {
    const homeLoad = loads.find((l) => l.name === "building leader's home (/)");
    expect(homeLoad).toBeDefined();
    const files = homeLoad?.files ?? [];
    const code = files.map((file) => fs.readFileSync(`${outDir}/${file}`, 'utf8')).join('\n');
    // antd's CSS-in-JS runtime marks each style it writes with these attributes.
    expect(code).not.toContain('data-token-hash');
    expect(code).not.toContain('data-css-hash');
    // Nor antd's provider (app/AntdProvider.tsx), which brings antd with it.
    expect(
      files.some((file) => /AntdProvider|config-provider/.test(file)),
      files.join(', '),
    ).toBe(false);
  });

  it('every text file of the build has a brotli and a gzip copy beside it', () => {
    const manifest = JSON.parse(fs.readFileSync(`${outDir}/.vite/manifest.json`, 'utf8')) as Record<
      string,
      { file: string }
    >;
    const entry = manifest['public.html']?.file;
    expect(entry).toBeDefined();
    for (const file of [entry ?? '', 'index.html', 'public.html']) {
      expect(fs.existsSync(`${outDir}/${file}.br`), `${file}.br`).toBe(true);
      expect(fs.existsSync(`${outDir}/${file}.gz`), `${file}.gz`).toBe(true);
    }
  });
});
