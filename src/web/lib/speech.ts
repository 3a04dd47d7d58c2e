import type { Language } from '../../shared/languages';
import { toHeard } from './heard';

/** The voice a text is read in: the language it is written in, not the phone's own setting. */
export function speechLang(lang: Language): string {
  return lang === 'en' ? 'en-US' : 'zh-CN';
}

export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

/** Speeds a person can choose, slowest first; a little slower than the phone's own by default. */
export const SPEECH_RATES = [0.6, 0.75, 0.9, 1.1, 1.3] as const;
const RATE_KEY = 'linli.speechRate';
const DEFAULT_RATE_INDEX = 2;

export function speechRateIndex(): number {
  try {
    const stored = Number(window.localStorage.getItem(RATE_KEY));
    return Number.isInteger(stored) &&
      stored >= 0 &&
      stored < SPEECH_RATES.length &&
      window.localStorage.getItem(RATE_KEY) !== null
      ? stored
      : DEFAULT_RATE_INDEX;
  } catch {
    return DEFAULT_RATE_INDEX;
  }
}

/** One step slower (-1) or faster (+1), kept on this phone; returns the new step. */
export function changeSpeechRate(by: -1 | 1): number {
  const next = Math.min(SPEECH_RATES.length - 1, Math.max(0, speechRateIndex() + by));
  try {
    window.localStorage.setItem(RATE_KEY, String(next));
  } catch {
    // Storage refused: the speed lasts for this reading only.
  }
  return next;
}

/**
 * Reads a text aloud with the browser's own voice, stopping whatever it was reading before. The text is
 * the one shown, turned into words for the ear (lib/heard.ts). `onEnd` is told when it stops.
 */
export function speak(text: string, lang: Language, onEnd?: () => void): void {
  if (!speechAvailable()) return;
  const utterance = new SpeechSynthesisUtterance(toHeard(text, lang));
  utterance.lang = speechLang(lang);
  utterance.rate = SPEECH_RATES[speechRateIndex()] ?? 1;
  const voice = window.speechSynthesis.getVoices?.().find((v) => v.lang.replace('_', '-') === utterance.lang);
  if (voice) utterance.voice = voice;
  if (onEnd) {
    utterance.onend = onEnd;
    utterance.onerror = onEnd;
  }
  window.speechSynthesis.cancel();
  window.speechSynthesis.speak(utterance);
}

/** Leaving a page must not leave the phone talking. */
export function stopSpeaking(): void {
  if (speechAvailable()) window.speechSynthesis.cancel();
}

const SKIPPED =
  'button, input, select, textarea, script, style, svg, [aria-hidden="true"], [data-no-read], .linli-read-aloud';

/**
 * The text a person sees in an element, in reading order, leaving out its buttons: what 读给我听 reads, so
 * the spoken text is the text shown. Blocks become lines (sentences when heard).
 */
export function readableText(element: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    if (node.matches(SKIPPED) || node.hidden) return;
    const display = window.getComputedStyle(node).display;
    if (display === 'none') return;
    const block = !display.startsWith('inline');
    if (block) parts.push('\n');
    for (const child of node.childNodes) walk(child);
    if (block) parts.push('\n');
  };
  for (const child of element.childNodes) walk(child);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
