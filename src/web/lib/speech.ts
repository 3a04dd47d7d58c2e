import type { Language } from '../../shared/languages';

/** The voice a text is read in: the language it is written in, not the phone's own setting. */
export function speechLang(lang: Language): string {
  return lang === 'en' ? 'en-US' : 'zh-CN';
}

export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

/** Reads a text aloud with the browser's own voice, stopping whatever it was reading before. */
export function speak(text: string, lang: Language): void {
  if (!speechAvailable()) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = speechLang(lang);
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}

/** Leaving a page must not leave the phone talking. */
export function stopSpeaking(): void {
  if (speechAvailable()) window.speechSynthesis.cancel();
}
