import type { Language } from '../../shared/languages';
import { i18n, setWordsLoader, startI18n } from './index';
import { publicEn } from './public.en';
import { publicZhCN } from './public.zh-CN';
import { zhCN } from './zh-CN';

/**
 * The staff app's own words. The Chinese come with the app: every phone needs them (they are the fallback
 * of the English too), and fetched apart they were a round trip more before the first screen. The English
 * are a chunk of their own, fetched only by a phone that shows them.
 */
const DICTIONARIES: Record<Language, () => Promise<object>> = {
  'zh-CN': () => Promise.resolve(zhCN),
  en: () => import('./en').then((m) => m.en),
};

async function loadStaffWords(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'staff')) return;
  const words = await DICTIONARIES[language]();
  // Deep: `welfare` and `care` are partly in the residents' words, partly in the staff's. The empty `staff`
  // bundle marks the language as loaded.
  i18n.addResourceBundle(language, 'translation', words, true, false);
  i18n.addResourceBundle(language, 'staff', {});
}

/** Starts i18next with the language this device last chose, its words loaded before the first render. */
export async function startStaffI18n(): Promise<void> {
  const initial = startI18n({ 'zh-CN': publicZhCN, en: publicEn });
  setWordsLoader(loadStaffWords);
  await loadStaffWords(initial);
  // The fallback language must be there too, so a word missing in English still reads in Chinese.
  if (initial !== 'zh-CN') await loadStaffWords('zh-CN');
}
