import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/languages';
import { currentLanguage, setLanguage } from '../../i18n';
import { isApiError } from '../../lib/api';
import { setLook, useLook } from '../../lib/elderMode';
import { changeSpeechRate, speak, speechAvailable, stopSpeaking } from '../../lib/speech';

/**
 * The residents' pages: no sign-in, no staff menu; large type for reading on a phone at the notice board.
 * `brand` names the page's purpose in the header (reporting a problem unless told otherwise).
 */
export function PublicLayout({ children, brand }: { children: ReactNode; brand?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="linli-header">
        <div className="linli-page linli-row" style={{ justifyContent: 'space-between' }}>
          <span className="linli-brand">{brand ?? t('public.brand')}</span>
          <div className="linli-row" style={{ gap: 8 }}>
            <LargerText />
            <LanguageChoice />
          </div>
        </div>
      </header>
      <main className="linli-page linli-public">{children}</main>
    </>
  );
}

const LANGUAGES: readonly { language: Language; labelKey: 'lang.zh' | 'lang.en' }[] = [
  { language: 'zh-CN', labelKey: 'lang.zh' },
  { language: 'en', labelKey: 'lang.en' },
];

/** Two plain buttons, each written in its own language, so anyone can find theirs. */
function LanguageChoice() {
  const { t } = useTranslation();
  const active = currentLanguage();
  return (
    <fieldset
      aria-label={t('lang.label')}
      className="linli-row"
      style={{ gap: 4, border: 0, margin: 0, padding: 0 }}
    >
      {LANGUAGES.map(({ language, labelKey }) => (
        <button
          key={language}
          type="button"
          lang={language}
          className={`linli-btn${active === language ? ' linli-btn-primary' : ''}`}
          style={{ minWidth: 88, minHeight: 48, fontSize: 18, padding: '0 12px' }}
          aria-pressed={active === language}
          onClick={() => void setLanguage(language)}
        >
          {t(labelKey)}
        </button>
      ))}
    </fieldset>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="linli-spinner" role="status" aria-live="polite">
      {t('app.loading')}
    </div>
  );
}

/** The server's own words when it sent some (already in the page's language), else a plain fallback. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isApiError(error)) {
      if (error.code === 'network') return t('errors.network');
      if (error.message) return error.message;
    }
    return t('errors.unknown');
  };
}

type Tone = 'error' | 'warning' | 'info' | 'success';

export function Notice(props: { tone: Tone; title: string; children?: ReactNode; live?: boolean }) {
  return (
    <div
      className={`linli-notice linli-notice-${props.tone}`}
      role={props.tone === 'error' ? 'alert' : props.live ? 'status' : undefined}
    >
      <strong>{props.title}</strong>
      {props.children}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Notice tone="error" title={errorText(error)}>
      {onRetry ? (
        <button type="button" className="linli-btn" style={{ marginTop: 8 }} onClick={onRetry}>
          {t('app.retry')}
        </button>
      ) : null}
    </Notice>
  );
}

/**
 * Larger text for a resident at the notice board: no account, so this phone remembers it. The same root
 * class as the staff app's 长辈模式, at its largest step (30 px).
 */
function LargerText() {
  const { t } = useTranslation();
  const look = useLook();
  return (
    <button
      type="button"
      className={`linli-btn${look.elderMode ? ' linli-btn-primary' : ''}`}
      style={{ minWidth: 88, minHeight: 60, fontSize: 18, padding: '0 12px' }}
      aria-pressed={look.elderMode}
      onClick={() => setLook({ elderMode: !look.elderMode, textStep: 3 })}
      data-testid="larger-text"
    >
      {look.elderMode ? `✓ ${t('speech.largerTextOn')}` : t('speech.largerText')}
    </button>
  );
}

/**
 * "读给我听": the text shown, read aloud in the page's language, said for the ear (lib/heard.ts); while it
 * reads, 停下 · 慢一点 · 快一点. Hidden where the browser has no voice.
 */
export function ReadAloud({ text }: { text: string }) {
  const { t } = useTranslation();
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => stopSpeaking, []);
  if (!speechAvailable()) return null;
  const read = () => {
    setSpeaking(true);
    speak(text, currentLanguage(), () => setSpeaking(false));
  };
  return (
    <span className="linli-row linli-read-aloud" style={{ gap: 8 }}>
      <button type="button" className="linli-btn linli-btn-primary" onClick={read} data-testid="read-aloud">
        {t('speech.readAloud')}
      </button>
      {speaking ? (
        <>
          <button
            type="button"
            className="linli-btn"
            onClick={() => {
              stopSpeaking();
              setSpeaking(false);
            }}
          >
            {t('speech.stop')}
          </button>
          <button
            type="button"
            className="linli-btn"
            onClick={() => {
              changeSpeechRate(-1);
              read();
            }}
          >
            {t('speech.slower')}
          </button>
          <button
            type="button"
            className="linli-btn"
            onClick={() => {
              changeSpeechRate(1);
              read();
            }}
          >
            {t('speech.faster')}
          </button>
        </>
      ) : null}
    </span>
  );
}
