import { useTranslation } from 'react-i18next';
import { FollowReportPage } from './FollowReportPage';
import { PublicNoticePage } from './PublicNoticePage';
import { PublicReportPage } from './PublicReportPage';
import { SignInPage } from './SignInPage';
import { PublicLayout } from './ui';

/**
 * The residents' pages and the staff's sign-in, routed by their address alone: four pages need no router. A page reached by a
 * QR code must open fast on any phone, so this app carries React, i18next and these pages, nothing more.
 */
export function PublicApp({ path }: { path: string }) {
  const { t } = useTranslation();
  const [, kind, id = ''] = path.split('/');
  const key = decodeURIComponent(id);
  if (kind === 'b' && key) return <PublicReportPage buildingId={key} />;
  if (kind === 'r' && key) return <FollowReportPage token={key} />;
  if (kind === 'n' && key) return <PublicNoticePage id={key} />;
  if (kind === 'login' && !key) return <SignInPage />;
  return (
    <PublicLayout>
      <h1 className="linli-title">{t('app.notFound')}</h1>
    </PublicLayout>
  );
}
