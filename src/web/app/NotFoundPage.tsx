import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('app.notFound')}
      </Typography.Title>
      <Link to="/" className="linli-button-link">
        {t('app.backHome')}
      </Link>
    </>
  );
}
