import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../../shared/languages';

export const LANGUAGE_STORAGE_KEY = 'linli.lang';
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
}

type WordsLoader = (language: Language) => Promise<void>;
let loadWords: WordsLoader = async () => undefined;

/** The staff app fetches a language's dictionary only when someone switches to it. */
export function setWordsLoader(loader: WordsLoader): void {
  loadWords = loader;
}

/** Switches the UI language, remembers it on this device and tells assistive technology. */
export async function setLanguage(language: Language): Promise<void> {
  await loadWords(language);
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the switch still applies to this visit.
  }
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/**
 * Starts i18next with the words a page needs. The residents' pages start it with their own few words
 * only; the staff app adds its own on top (i18n/staff.ts), so neither carries the other's dictionary.
 */
export function startI18n(resources: Record<Language, Resource[string]>): Language {
  const initial = storedLanguage();
  document.documentElement.lang = initial;
  void i18n.use(initReactI18next).init({
    resources: Object.fromEntries(
      Object.entries(resources).map(([language, words]) => [language, { translation: words }]),
    ),
    lng: initial,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    load: 'currentOnly',
    initAsync: false,
  });
  return initial;
}

export { i18n };
