import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useDeskRound } from './api';
import './round.css';

const DESK_LEADERS = 5;

/**
 * The round's part of the committee's 今日一览 (issue 19): households whose papers are piling up, with why,
 * and the coverage — doors reached per week per building leader, and doors not reached in two weeks.
 */
export function RoundDeskSection() {
  const { t } = useTranslation();
  const today = useDeskRound(true);
  const headingId = useId();
  const coverageId = useId();
  if (today.isPending) return <Loading />;
  if (today.isError) return <ErrorAlert error={today.error} onRetry={() => void today.refetch()} />;
  const round = today.data.round;
  if (!round) return null;
  // Those who reach the fewest of their doors first; the desk shows a few, the rest one tap away.
  const leaders = [...round.leaders].sort(
    (a, b) =>
      b.notReached / Math.max(1, b.doors) - a.notReached / Math.max(1, a.doors) ||
      a.name.localeCompare(b.name),
  );
  const shown = leaders.slice(0, DESK_LEADERS);
  const more = leaders.slice(DESK_LEADERS);
  const leaderRow = (l: (typeof leaders)[number]) => (
    <li key={l.positionId} className="linli-round-row">
      <span className="linli-round-row-main">
        {t('round.desk.leaderLine', { name: l.name, doors: l.doors })}
      </span>
      {round.weeks.map((week, i) => (
        <span key={week} className="linli-round-chip">
          {t('round.desk.weekOf', { date: week.slice(5) })}：{l.reachedPerWeek[i] ?? 0}
        </span>
      ))}
      {l.notReached > 0 ? (
        <span className="linli-round-chip" data-tone="alarm">
          {t('round.desk.notReached', { count: l.notReached })}
        </span>
      ) : null}
    </li>
  );
  return (
    <section
      aria-labelledby={headingId}
      className="linli-round"
      data-testid="round-desk"
      style={{ marginBottom: 24 }}
    >
      <Typography.Title level={2} id={headingId}>
        {t('round.desk.heading')}
      </Typography.Title>
      <div className="linli-round-kinds" style={{ marginBottom: 8 }}>
        <span
          className="linli-round-chip"
          data-tone={round.signalsOpen > 0 ? 'alarm' : 'done'}
          data-testid="round-desk-signals"
        >
          {t('round.desk.signalsOpen', { count: round.signalsOpen })}
        </span>
        <span className="linli-round-chip" data-tone={round.notReached > 0 ? 'alarm' : 'done'}>
          {t('round.desk.notReached', { count: round.notReached })}
        </span>
      </div>
      {round.signals.length > 0 ? (
        <ul className="linli-round-doors" aria-labelledby={headingId}>
          {round.signals.map((s) => (
            <li key={s.id} className="linli-door" data-signal="true" data-testid="round-desk-signal">
              <Link to={`/households/${s.householdId}`} className="linli-strong-link">
                {s.address}
              </Link>
              {s.residentName ? <> · {s.residentName}</> : null}
              <div className="linli-door-people">{s.why}</div>
            </li>
          ))}
        </ul>
      ) : null}
      <Typography.Title level={3} id={coverageId}>
        {t('round.desk.coverageHeading')}
      </Typography.Title>
      {round.leaders.length === 0 ? (
        <Typography.Paragraph>{t('round.desk.none')}</Typography.Paragraph>
      ) : (
        <ul
          style={{ listStyle: 'none', padding: 0 }}
          aria-labelledby={coverageId}
          data-testid="round-desk-coverage"
        >
          {shown.map(leaderRow)}
        </ul>
      )}
      {more.length > 0 ? (
        <details style={{ marginBottom: 12 }}>
          <summary style={{ fontSize: '1.15rem', cursor: 'pointer', padding: '0.5rem 0' }}>
            {t('round.desk.more', { count: more.length })}
          </summary>
          <ul style={{ listStyle: 'none', padding: 0 }}>{more.map(leaderRow)}</ul>
        </details>
      ) : null}
      <Link to="/round/waiting" className="linli-button-link">
        {t('round.desk.open')}
      </Link>
    </section>
  );
}
