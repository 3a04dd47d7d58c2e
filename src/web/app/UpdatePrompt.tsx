import { registerSW } from 'virtual:pwa-register';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Registers the service worker and, when a new version of Linli is waiting, offers it. It never reloads
 * by itself: a building leader halfway through a form would lose what she typed.
 */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const [update, setUpdate] = useState<(() => Promise<void>) | null>(null);
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    const updateSW = registerSW({ onNeedRefresh: () => setUpdate(() => () => updateSW(true)) });
  }, []);
  if (!update) return null;
  return (
    <div className="linli-update" role="status">
      <Button type="primary" size="large" onClick={() => void update()}>
        {t('app.newVersion')}
      </Button>
    </div>
  );
}
