import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { TToday } from '../../../shared/contracts/desk';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime } from '../../lib/dates';
import { useHomeSummary } from '../../lib/queries';
import { useToday } from './api';

const COUNTS = [
  'reportsPastDeadline',
  'reportsNearDeadline',
  'checkinsMissedOpen',
  'visitsOverdue',
  'errandsOverdue',
  'applicationsAwaitingDecision',
  'objectionsOpen',
  'sessionsShortOfVolunteers',
  'householdsWithoutLeader',
] as const satisfies readonly (keyof TToday['counts'])[];

/**
 * One community's desk as the subdistrict sees it: what is waiting there today, read-only — no buttons,
 * no links into records; the community handles them.
 */
export function CommunityDeskPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const today = useToday(id);
  const summary = useHomeSummary(true);
  const name = summary.data?.communities.find((c) => c.id === id)?.name ?? '';

  return (
    <>
      <BackLink to="/subdistrict">{t('stats.subdistrict.backToOverview')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('stats.subdistrict.readOnlyHeading', { name })}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>
        {t('stats.subdistrict.readOnlyIntro')}
      </Typography.Paragraph>
      {today.isPending ? (
        <Loading />
      ) : today.isError ? (
        <ErrorAlert error={today.error} />
      ) : (
        <>
          <h2 className="linli-subheading">{t('stats.subdistrict.countsHeading')}</h2>
          <dl className="linli-desk-counts" data-testid="desk-counts">
            {COUNTS.map((key) => {
              const value = today.data.counts[key];
              return value === null ? null : (
                <div key={key}>
                  <dt className="linli-stat-label">{t(`stats.subdistrict.count.${key}`)}</dt>
                  <dd className="linli-stat-value" style={{ margin: 0 }}>
                    {value}
                  </dd>
                </div>
              );
            })}
          </dl>
          <h2 className="linli-subheading">{t('stats.subdistrict.itemsHeading')}</h2>
          {today.data.items.length === 0 ? (
            <Typography.Paragraph>{t('stats.subdistrict.noItems')}</Typography.Paragraph>
          ) : (
            <ul className="linli-list" data-testid="desk-items">
              {today.data.items.map((item) => (
                <li key={`${item.kind}-${item.id}`} className="linli-list-item">
                  <span style={{ fontSize: 18 }}>
                    <strong>{t(`stats.subdistrict.kind.${item.kind}`)}</strong>　{item.title}
                  </span>
                  <span style={{ fontSize: 17, color: item.overdue ? '#a8071a' : '#333' }}>
                    {item.overdue ? `${t('stats.subdistrict.overdue')} · ` : ''}
                    {t('stats.subdistrict.due', { at: dateTime(item.dueAt) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
