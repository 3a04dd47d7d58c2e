import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/languages';
import { currentLanguage } from '../i18n';
import { changeSpeechRate, readableText, speak, speechAvailable, stopSpeaking } from '../lib/speech';

/**
 * "读给我听": reads a card aloud with the browser's own speech, so a building leader with tired eyes, or a
 * resident at the door, can hear it. Without `text` it reads what its card shows (the nearest
 * `.linli-readable` around it), buttons left out, so what is heard is what is seen. While it reads, it
 * offers 停下 · 慢一点 · 快一点. Hidden where the browser has no voice.
 */
export function ReadAloudButton({ text, lang }: { text?: string; lang?: Language }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => stopSpeaking, []);
  if (!speechAvailable()) return null;

  const shown = () => {
    if (text !== undefined) return text;
    const card = ref.current?.closest('.linli-readable');
    return card ? readableText(card) : '';
  };
  const read = () => {
    setSpeaking(true);
    speak(shown(), lang ?? currentLanguage(), () => setSpeaking(false));
  };
  const rate = (by: -1 | 1) => {
    changeSpeechRate(by);
    read();
  };

  return (
    <div className="linli-read-aloud" ref={ref} data-no-read>
      <button
        type="button"
        className="linli-button linli-button-primary linli-button-lg"
        onClick={read}
        data-testid="read-aloud"
      >
        {t('speech.readAloud')}
      </button>
      {speaking ? (
        <>
          <button
            type="button"
            className="linli-button linli-button-lg"
            onClick={() => {
              stopSpeaking();
              setSpeaking(false);
            }}
          >
            {t('speech.stop')}
          </button>
          <button type="button" className="linli-button linli-button-lg" onClick={() => rate(-1)}>
            {t('speech.slower')}
          </button>
          <button type="button" className="linli-button linli-button-lg" onClick={() => rate(1)}>
            {t('speech.faster')}
          </button>
        </>
      ) : null}
    </div>
  );
}

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <button type="button" className="linli-button linli-button-lg" onClick={() => window.print()}>
      {t('welfare.printLarge')}
    </button>
  );
}
