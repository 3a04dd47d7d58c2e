import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  HOUSEHOLD_HISTORY_ACTIONS,
  REGISTER_CHANGE_FIELDS,
  type RegisterChangeField,
} from '../../../shared/contracts/register';
import { i18n } from '../../i18n';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { actionKey, changeText, entryText, fieldKey } from './historyText';

/**
 * A household's history in plain words (issue 18: it showed "report.created", "report：（空）→ 01a24de9-…").
 * Every kind the server records and every field it names must have words in both languages: a new
 * kind without words fails here.
 */
const SAMPLE: Record<RegisterChangeField, [string | null, string | null]> = {
  name: ['张三', '张珊'],
  gender: [null, 'female'],
  birthDate: ['1950-03-01', '1950-03-11'],
  idNumber: ['•••', '•••'],
  phone: [null, '13800001111'],
  relation: ['本人', '配偶'],
  preferredLanguage: ['zh-CN', 'en'],
  careTags: ['lives_alone', 'lives_alone,wheelchair'],
  household: ['0b6c1e4e-9d57-4a8f-8a38-3f1b0d6a9e11', '7f3a2a7e-2c1b-4bb4-9a7a-1c7c5e6d8f22'],
  movedOut: [null, '2026-11-07'],
  reason: [null, '去外地和子女同住'],
  residents: ['3', '0'],
  floor: [null, '4'],
  room: [null, '401'],
  buildingLeader: [null, '卢莲'],
  category: [null, 'elderly_care'],
  doorNotice: [null, '12月10日上午停水，请提前储水。'],
};

const categoryName = (code: string) => (code === 'elderly_care' ? '养老助老' : undefined);

describe.each([
  ['zh-CN', zhCN],
  ['en', en],
] as const)('a household history in %s', (language, words) => {
  let t: TFunction;
  beforeAll(async () => {
    // The app's own instance: dates follow the language it speaks (it marks the page's language too).
    vi.stubGlobal('document', { documentElement: { lang: '' } });
    if (!i18n.isInitialized) await i18n.init({ resources: {}, interpolation: { escapeValue: false } });
    i18n.addResourceBundle(language, 'translation', words, true, true);
    await i18n.changeLanguage(language);
    t = i18n.t;
  });

  it.each(HOUSEHOLD_HISTORY_ACTIONS)('has words for the kind %s', (action) => {
    expect(t(actionKey(action), { defaultValue: '' })).not.toBe('');
    const text = entryText(
      {
        id: '1',
        at: '2026-12-07T00:31:00Z',
        actorName: null,
        action,
        residentId: null,
        residentName: null,
        changes: [],
      },
      t,
      categoryName,
    );
    expect(text.title).not.toContain(action);
    expect(text.title).not.toMatch(/[._]/);
  });

  it.each(REGISTER_CHANGE_FIELDS)('says a change of %s in words, with no id and no "（空）"', (field) => {
    expect(t(fieldKey(field), { defaultValue: '' })).not.toBe('');
    const [from, to] = SAMPLE[field];
    const line = changeText({ field, from, to }, t, categoryName);
    if (/[A-Z]/.test(field) || language === 'zh-CN') expect(line).not.toContain(field);
    expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
    expect(line).not.toContain('（空）');
    expect(line).not.toContain('→');
    expect(line).not.toMatch(/female|lives_alone|wheelchair|elderly_care|zh-CN/);
    if (language === 'zh-CN') expect(line).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('reads the raw text the issue found as sentences', () => {
    const report = entryText(
      {
        id: '1',
        at: '2026-12-07T00:31:00Z',
        actorName: '邹社工',
        action: 'report.created',
        residentId: null,
        residentName: null,
        changes: [{ field: 'category', from: null, to: 'elderly_care' }],
      },
      t,
      categoryName,
    );
    expect(report.title).toBe(language === 'en' ? 'A report was made' : '报了一件诉求');
    expect(report.lines).toEqual([language === 'en' ? 'About: 养老助老' : '什么事：养老助老']);
    const moved = changeText({ field: 'movedOut', from: null, to: '2026-11-07' }, t, categoryName);
    expect(moved).toBe(language === 'en' ? 'Moved out on: 7 Nov 2026' : '迁出日期：2026年11月7日');
  });
});

it('every kind the server records is listed where the web app looks for words', async () => {
  // The server writes these action strings; the contract's list must hold each one.
  const fs = await import('node:fs');
  const path = await import('node:path');
  const root = path.resolve(import.meta.dirname, '../../../server');
  const written = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        if (!text.includes('recordRegisterChanges') && !text.includes("'register_change'")) continue;
        for (const m of text.matchAll(/action: '([a-z_.]+)'/g)) {
          if (!m[1]?.includes('register.') && !m[1]?.includes('liaison.')) written.add(m[1] ?? '');
        }
      }
    }
  };
  walk(root);
  expect(written.size).toBeGreaterThan(3);
  for (const action of written) expect(HOUSEHOLD_HISTORY_ACTIONS as readonly string[]).toContain(action);
});
