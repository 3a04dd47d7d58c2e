import { Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/languages';
import { speak, speechAvailable, stopSpeaking } from '../lib/speech';

/**
 * Reads a text aloud with the browser's own speech, so a worker at the door can let an elderly
 * resident hear the decision rather than squint at a phone. Hidden where the browser has no voice.
 */
export function ReadAloudButton({ text, lang }: { text: string; lang: Language }) {
  const { t } = useTranslation();
  useEffect(() => stopSpeaking, []);
  if (!speechAvailable()) return null;
  return (
    <Button size="large" type="primary" onClick={() => speak(text, lang)}>
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
