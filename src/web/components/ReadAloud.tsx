import { Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The voice a text is read in: the language it is written in, not the phone's own setting. */
export function speechLang(lang: 'zh-CN' | 'en'): string {
  return lang === 'en' ? 'en-US' : 'zh-CN';
}

function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

/**
 * Reads a text aloud with the browser's own speech, so a worker at the door can let an elderly
 * resident hear the decision rather than squint at a phone. Hidden where the browser has no voice.
 */
export function ReadAloudButton({ text, lang }: { text: string; lang: 'zh-CN' | 'en' }) {
  const { t } = useTranslation();
  // Leaving the page must not leave the phone talking.
  useEffect(() => () => (speechAvailable() ? window.speechSynthesis.cancel() : undefined), []);
  if (!speechAvailable()) return null;
  return (
    <Button
      size="large"
      type="primary"
      onClick={() => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = speechLang(lang);
        window.speechSynthesis.cancel();
        window.speechSynthesis.speak(utterance);
      }}
    >
      {t('welfare.readAloud')}
    </Button>
  );
}

export function PrintButton() {
  const { t } = useTranslation();
  return (
    <Button size="large" onClick={() => window.print()}>
      {t('welfare.printLarge')}
    </Button>
  );
}
