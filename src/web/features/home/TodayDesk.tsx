import { Button, Tag, Typography } from 'antd';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TToday, TTodayItem } from '../../../shared/contracts/desk';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime } from '../../lib/dates';
import { useToday } from './api';
import './todayDesk.css';

type CountKey = Exclude<keyof TToday['counts'], 'reportsByTier'>;

/** Each count, in the order a secretary reads them, with the page where it is handled. */
const COUNTS: readonly { key: CountKey; to: string; alarm?: boolean }[] = [
  { key: 'reportsPastDeadline', to: '/reports', alarm: true },
  { key: 'reportsNearDeadline', to: '/reports' },
  { key: 'checkinsMissedOpen', to: '/#checkin-alerts', alarm: true },
  { key: 'visitsOverdue', to: '/care', alarm: true },
  { key: 'errandsOverdue', to: '/care', alarm: true },
  { key: 'followUpsOpen', to: '/care', alarm: true },
  { key: 'keysUsedToday', to: '/care' },
  { key: 'applicationsAwaitingDecision', to: '/welfare' },
  { key: 'objectionsOpen', to: '/welfare' },
  { key: 'noticesRunning', to: '/welfare' },
  { key: 'reviewsDue', to: '/welfare/roster' },
  { key: 'sessionsShortOfVolunteers', to: '/service' },
  { key: 'deliveriesNotMade', to: '/service/rounds' },
  { key: 'householdsWithoutLeader', to: '/chain/coverage' },
];

/** Shown until "show all": a short list reads faster; the rest is one tap away. */
const FIRST = 12;

const KIND_COLOURS: Record<string, string> = {
  report: '#1d4ed8',
  checkin: '#b91c1c',
  visit: '#7c2d12',
  errand: '#6b4500',
  followup: '#9d174d',
  application: '#166534',
  notice: '#166534',
  objection: '#166534',
  review: '#166534',
  session: '#4c1d95',
  delivery: '#4c1d95',
  coverage: '#334155',
  round_signal: '#b91c1c',
};

/** A path inside the app, or an anchor on this page (`/#id`), which the router would not scroll to. */
function ItemLink({
  to,
  children,
  testId,
  className = 'linli-button-link',
}: {
  to: string;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  if (to.startsWith('/#')) {
    return (
      <a href={to.slice(1)} className={className} data-testid={testId}>
        {children}
      </a>
    );
  }
  return (
    <Link to={to} className={className} data-testid={testId}>
      {children}
    </Link>
  );
}

/**
 * 今日一览 (issue 16): the counts at the top, then what needs someone now, most urgent first, each one
 * click from where it is handled; beside it at desk width (below on a phone) whatever `aside` holds —
 * the live feed, whose events refresh this view without reloading.
 */
export function TodayDesk({ aside }: { aside?: ReactNode }) {
  const { t } = useTranslation();
  const today = useToday();
  const headingId = useId();
  const countsId = useId();
  const listId = useId();

  return (
    <section
      aria-labelledby={headingId}
      id="today-desk"
      data-testid="today-desk"
      style={{ marginBottom: 24 }}
    >
      <Typography.Title level={2} id={headingId} style={{ fontSize: 26 }}>
        {t('todayDesk.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('todayDesk.intro')}</Typography.Paragraph>
      {today.isPending ? (
        <Loading />
      ) : today.isError ? (
        <ErrorAlert error={today.error} onRetry={() => void today.refetch()} />
      ) : (
        <>
          <Typography.Paragraph style={{ fontSize: 16, color: '#333' }} data-testid="today-updated">
            {t('todayDesk.updated', { time: dateTime(today.data.now) })}
          </Typography.Paragraph>
          <Counts data={today.data} headingId={countsId} />
        </>
      )}
      <div className="linli-desk-columns">
        <div>{today.data ? <Items items={today.data.items} headingId={listId} /> : null}</div>
        {aside ? <div data-testid="today-aside">{aside}</div> : null}
      </div>
    </section>
  );
}

function Counts({ data, headingId }: { data: TToday; headingId: string }) {
  const { t } = useTranslation();
  const shown = COUNTS.filter((c) => data.counts[c.key] !== null);
  const byTier = data.counts.reportsByTier
    .map((row) =>
      t('todayDesk.tierPastNear', { tier: t(`tiers.${row.tier}`), past: row.past, near: row.near }),
    )
    .join('；');
  return (
    <div>
      <h3 id={headingId} className="linli-visually-hidden">
        {t('todayDesk.countsHeading')}
      </h3>
      <ul
        aria-labelledby={headingId}
        className="linli-desk-counts"
        style={{ listStyle: 'none', padding: 0, margin: '0 0 8px' }}
      >
        {shown.map((c) => {
          const value = data.counts[c.key] ?? 0;
          const alarm = c.alarm === true && value > 0;
          return (
            <li key={c.key} style={{ display: 'flex' }}>
              <ItemLink
                to={c.to}
                testId={`today-count-${c.key}`}
                className={`linli-desk-count${alarm ? ' is-alarm' : ''}`}
              >
                <span className="linli-stat-label">{t(`todayDesk.counts.${c.key}`)}</span>
                <span className="linli-stat-value" data-testid={`today-count-${c.key}-value`}>
                  {value}
                </span>
              </ItemLink>
            </li>
          );
        })}
      </ul>
      {byTier ? (
        <Typography.Paragraph style={{ fontSize: 16 }} data-testid="today-by-tier">
          {t('todayDesk.byTier', { list: byTier })}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

function Items({ items, headingId }: { items: TTodayItem[]; headingId: string }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <div>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 22 }}>
        {t('todayDesk.listHeading', { count: items.length })}
      </Typography.Title>
      {items.length === 0 ? (
        <Typography.Paragraph style={{ fontSize: 18 }} data-testid="today-nothing">
          {t('todayDesk.nothing')}
        </Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId} data-testid="today-items">
          {shown.map((item) => (
            <li
              key={`${item.kind}-${item.id}`}
              className={`linli-list-item linli-desk-item${item.overdue ? ' is-overdue' : ''}`}
              data-testid="today-item"
              data-kind={item.kind}
            >
              <span className="linli-desk-item-text">
                <span>
                  <Tag color={KIND_COLOURS[item.kind] ?? '#334155'} style={{ fontSize: 15 }}>
                    {t(`todayDesk.kinds.${item.kind}`, { defaultValue: item.kind })}
                  </Tag>
                  {item.overdue ? (
                    <Tag color="#991b1b" style={{ fontSize: 15 }}>
                      {t('todayDesk.overdue')}
                    </Tag>
                  ) : null}
                </span>
                <strong>{item.title}</strong>
                <span className="linli-desk-item-meta">
                  {item.kind === 'application' && !item.overdue && item.dueAt < new Date().toISOString()
                    ? t('todayDesk.since', { time: dateTime(item.dueAt) })
                    : t('todayDesk.due', { time: dateTime(item.dueAt) })}
                  {item.tier ? ` · ${t('todayDesk.tierLabel', { tier: t(`tiers.${item.tier}`) })}` : ''}
                  {item.ladder
                    ? ` · ${
                        item.ladder.nextStepAt
                          ? t('todayDesk.nextStep', { time: dateTime(item.ladder.nextStepAt) })
                          : t('todayDesk.lastStep')
                      }`
                    : ''}
                </span>
              </span>
              <ItemLink to={item.link} testId="today-item-link">
                {t('todayDesk.handle')}
              </ItemLink>
            </li>
          ))}
        </ul>
      )}
      {items.length > FIRST ? (
        <Button
          size="large"
          style={{ marginTop: 12, minHeight: 48, fontSize: 18 }}
          onClick={() => setAll((v) => !v)}
          data-testid="today-show-all"
        >
          {all ? t('todayDesk.showFewer', { count: FIRST }) : t('todayDesk.showAll', { count: items.length })}
        </Button>
      ) : null}
    </div>
  );
}
