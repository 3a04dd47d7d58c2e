import { useTranslation } from 'react-i18next';
import { FollowReportPage } from './FollowReportPage';
import { PublicNoticePage } from './PublicNoticePage';
import { PublicReportPage } from './PublicReportPage';
import { PublicLayout } from './ui';

/**
 * The residents' pages, routed by their address alone: three pages need no router. A page reached by a
 * QR code must open fast on any phone, so this app carries React, i18next and these pages, nothing more.
 */
export function PublicApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const [, kind, id = ''] = path.split('/');
  const key = decodeURIComponent(id);
  if (kind === 'b' && key) return <PublicReportPage buildingId={key} />;
  if (kind === 'r' && key) return <FollowReportPage token={key} />;
  if (kind === 'n' && key) return <PublicNoticePage id={key} />;
  return (
    <PublicLayout>
      <h1 className="linli-title">{t('app.notFound')}</h1>
    </PublicLayout>
  );
}
