import { Suspense, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { ShellContext } from '../../app/AppShell';
import { lazyPage } from '../../app/lazyPage';
import { Loading } from '../../components/Loading';
import { OutboxList } from '../../components/Outbox';
import { TaskList } from '../../components/TaskList';
import { useLook } from '../../lib/elderMode';
import { useCarePlans, useCheckinsToday, useErrandsDue } from '../care/api';
import { CareToday } from '../care/CareToday';
import { useReports } from '../reports/api';
import { ErrandsToday, ReportsWaiting } from './LeaderToday';
import { ROLE_TASKS } from './roleTasks';
import { Summary, TasksHeading } from './Summary';

// Every other role's home (今日一览, the live feed: antd's tables and charts) loads after the heading, with
// antd. The building leader's home below is drawn without antd: her phone opens it first, on slow 4G.
const StaffHome = lazyPage(() => import('./StaffHome'), 'StaffHome');

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const role = session.user.role;

  return (
    <>
      <h1 className="linli-h1">{t('home.heading', { role: t(`roles.${role}`) })}</h1>
      <p className="linli-p" style={{ fontSize: 20 }}>
        {t('home.greeting', { name: session.user.displayName })}
      </p>
      {role === 'building_leader' ? (
        <LeaderHome />
      ) : (
        <Suspense fallback={<Loading />}>
          <StaffHome />
        </Suspense>
      )}
    </>
  );
}

/** How long the home waits for its lists before drawing what it has (a weak signal, an empty phone). */
const WAIT_FOR_LISTS_MS = 4000;

/** The building leader's day: whom to look in on, errands, reports, the two big buttons, what waits. */
function LeaderHome() {
  // The lists of her day are drawn together, once they are all here: drawn one by one, each would push
  // the big buttons down the screen under her finger. The same queries as the sections below.
  const lists = [useCarePlans(), useCheckinsToday(), useErrandsDue(), useReports('open', undefined, 50)];
  const [waitedLong, setWaitedLong] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaitedLong(true), WAIT_FOR_LISTS_MS);
    return () => clearTimeout(timer);
  }, []);
  const waiting = lists.some((list) => list.isPending) && !waitedLong;

  return (
    <>
      {waiting ? <Loading /> : null}
      {/* Drawn hidden while the lists come, so each section asks for its list once, not again on showing. */}
      <div hidden={waiting}>
        <LeaderDay />
      </div>
    </>
  );
}

/**
 * 长辈模式: one thing per screen. Her home is today's work; the figures and the list of everything else
 * wait behind "更多事情".
 */
function LeaderDay() {
  const { t } = useTranslation();
  const tasksHeadingId = useId();
  const elder = useLook().elderMode;
  const role = 'building_leader';
  return (
    <>
      <CareToday />
      <ErrandsToday />
      <ReportsWaiting />
      <div style={{ marginBottom: 24 }}>
        <Link to="/reports/new" className="linli-button-link linli-big-action" data-testid="something-wrong">
          <span aria-hidden="true">⚠&nbsp;</span>
          {t('reports.somethingWrong')}
        </Link>
        {/* As big as the alarm button, but in the ordinary blue: red is kept for "something is wrong". */}
        <Link
          to="/service/rounds"
          className="linli-button-link"
          style={{ minHeight: 64, width: '100%', boxSizing: 'border-box', fontSize: 22, marginBottom: 12 }}
          data-testid="deliveries-button"
        >
          <span aria-hidden="true">📦&nbsp;</span>
          {t('service.deliveriesButton')}
        </Link>
        <OutboxList />
      </div>
      {elder ? (
        <details className="linli-filters" data-testid="elder-more">
          <summary>{t('elder.more')}</summary>
          <TasksHeading id={tasksHeadingId} />
          <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
          <Summary role={role} />
        </details>
      ) : (
        <>
          <Summary role={role} />
          <TasksHeading id={tasksHeadingId} />
          <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
        </>
      )}
    </>
  );
}
