import { registerSW } from 'virtual:pwa-register';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { afterFirstScreen } from '../lib/afterFirstScreen';

/**
 * Registers the service worker and, when a new version of Linli is waiting, offers it. It never reloads
 * by itself: a building leader halfway through a form would lose what she typed.
 */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const [update, setUpdate] = useState<(() => Promise<void>) | null>(null);
  const queryClient = useQueryClient();
  // Registered once the first screen is drawn: its first install fetches every area's code, which on slow
  // 4G would hold up the screen the person is waiting for.
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    return afterFirstScreen(queryClient, () => {
      const updateSW = registerSW({
        immediate: true,
        onNeedRefresh: () => setUpdate(() => () => updateSW(true)),
      });
    });
  }, [queryClient]);
  if (!update) return null;
  return (
    <div className="linli-update" role="status">
      <button
        type="button"
        className="linli-button linli-button-primary linli-button-lg"
        onClick={() => void update()}
      >
        {t('app.newVersion')}
      </button>
    </div>
  );
}
