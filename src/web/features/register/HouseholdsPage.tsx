import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CareTags } from '../../components/CareTags';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useHouseholds } from '../../lib/queries';

const PAGE_SIZE = 20;

export function HouseholdsPage() {
  const { t } = useTranslation();
  const households = useHouseholds(PAGE_SIZE, 0);
  const headingId = useId();

  return (
    <>
      <Link to="/" className="linli-back">
        ← {t('app.backHome')}
      </Link>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('households.heading')}
      </Typography.Title>
      {households.isPending ? (
        <Loading />
      ) : households.isError ? (
        <ErrorAlert error={households.error} onRetry={() => void households.refetch()} />
      ) : households.data.items.length === 0 ? (
        <Typography.Paragraph>{t('households.empty')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph>
            {t('households.total', { count: households.data.total })}
            {households.data.total > households.data.items.length
              ? ` · ${t('households.showing', { count: households.data.items.length })}`
              : ''}
          </Typography.Paragraph>
          <ul className="linli-list" aria-labelledby={headingId}>
            {households.data.items.map((household) => (
              <li key={household.id} className="linli-list-item">
                <Link to={`/households/${household.id}`} className="linli-list-link">
                  <span className="linli-address">{household.address.label}</span>
                  <span>{t('households.members', { count: household.memberCount })}</span>
                </Link>
                <CareTags tags={household.careTags} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
