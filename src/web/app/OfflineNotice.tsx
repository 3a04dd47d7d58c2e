import { useTranslation } from 'react-i18next';
import { useServedFromPhone } from '../lib/freshness';

/** Says plainly when the page shows the phone's copy rather than the server's answer, and from when. */
export function OfflineNotice() {
  const { t, i18n } = useTranslation();
  const from = useServedFromPhone();
  if (!from) return null;
  const at = from.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (
    <div className="linli-offline" role="status" data-testid="offline-notice">
      {t('app.offline', { at })}
    </div>
  );
}
