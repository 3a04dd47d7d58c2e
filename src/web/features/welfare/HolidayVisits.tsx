import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { useHolidayVisits } from './api';

/**
 * Who the community visits at the coming holiday, each with why, so the visiting worker knows what to
 * bring and say. Households with no facts recorded cannot be judged: their count is shown, not hidden.
 */
export function HolidayVisits() {
  const { t } = useTranslation();
  const headingId = useId();
  const list = useHolidayVisits();
  return (
    <section aria-labelledby={headingId} data-testid="welfare-holiday-visits" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.holidayHeading')}
      </Typography.Title>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Typography.Paragraph>
            {t('welfare.holidayCount', {
              date: shortDate(list.data.date),
              count: list.data.visits.length,
              leftOut: list.data.leftOut,
            })}
          </Typography.Paragraph>
          {list.data.visits.length === 0 ? (
            <Typography.Paragraph>{t('welfare.listEmpty')}</Typography.Paragraph>
          ) : (
            <ul className="linli-list" aria-labelledby={headingId}>
              {list.data.visits.map((v) => (
                <li
                  key={v.household.householdId}
                  className="linli-list-item"
                  data-testid="welfare-holiday-visit"
                >
                  <Link
                    to={`/households/${encodeURIComponent(v.household.householdId)}`}
                    style={{ flex: '1 1 220px' }}
                  >
                    <span className="linli-hit-name">{v.household.name}</span> · {v.household.address.label}
                  </Link>
                  <span style={{ flex: '1 1 220px' }}>{v.reasons.join('；')}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
