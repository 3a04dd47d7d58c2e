import { currentLanguage } from '../../i18n';

/** Policy files carry their words in both languages; show the one the UI is in. */
export function inUiLanguage(text: { zh: string; en: string }): string {
  return currentLanguage() === 'en' ? text.en : text.zh;
}
