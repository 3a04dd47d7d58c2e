import { useTranslation } from 'react-i18next';

/** "正在加载…" with a turning ring (still for those who ask for less motion). Plain: the home draws it. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="linli-spinner" role="status" aria-live="polite">
      <span className="linli-spinner-ring" aria-hidden="true" />
      <span>{t('app.loading')}</span>
    </div>
  );
}
