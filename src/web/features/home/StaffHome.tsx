import { Tag } from 'antd';
import { Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import type { Role } from '../../../shared/roles';
import type { ShellContext } from '../../app/AppShell';
import { lazyPage } from '../../app/lazyPage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TaskList } from '../../components/TaskList';
import { useLook } from '../../lib/elderMode';
import { canRecordCare, FEED_ROLES } from '../../lib/roles';
import { CheckinAlerts } from '../care/CheckinAlerts';
import { LiveFeed } from '../reports/LiveFeed';
import { useUsers } from './api';
import { ROLE_TASKS } from './roleTasks';
import { Summary, TasksHeading } from './Summary';
import { TodayDesk } from './TodayDesk';

const CHAIN_ROLES: readonly Role[] = ['branch', 'group_leader', 'party_member', 'building_leader'];

// The round's part of 今日一览 loads with the committee's home only, not with every phone's.
const RoundDeskSection = lazyPage(() => import('../round/RoundDeskSection'), 'RoundDeskSection');

/**
 * The home of every role but the building leader, below its heading: 今日一览 and the live feed, the
 * figures, the tasks. Drawn with antd, and loaded with it (app/lazyPage.tsx), after the heading.
 */
export function StaffHome() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const role = session.user.role;
  const tasksHeadingId = useId();
  // 长辈模式: one thing per screen. A chain member's home is today's work; the figures and the list of
  // everything else wait behind "更多事情".
  const elder = useLook().elderMode && CHAIN_ROLES.includes(role);
  const today = FEED_ROLES.includes(role) ? (
    // 今日一览 for the committee, the workers and the chain (their own subtree); the check-in alerts
    // and the live feed beside it at desk width, below it on a phone.
    <TodayDesk
      aside={
        <>
          <div id="checkin-alerts">
            <CheckinAlerts canRecord={canRecordCare(role)} />
          </div>
          <LiveFeed role={role} />
        </>
      }
    />
  ) : null;

  if (elder) {
    return (
      <details className="linli-filters" data-testid="elder-more">
        <summary>{t('elder.more')}</summary>
        {today}
        <TasksHeading id={tasksHeadingId} />
        <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
        <Summary role={role} />
      </details>
    );
  }
  return (
    <>
      {today}
      {role === 'committee' ? (
        <Suspense fallback={null}>
          <RoundDeskSection />
        </Suspense>
      ) : null}
      {role === 'admin' ? <UserAccounts /> : <Summary role={role} />}
      <TasksHeading id={tasksHeadingId} />
      <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
    </>
  );
}

function UserAccounts() {
  const { t } = useTranslation();
  const users = useUsers(true);
  const headingId = useId();

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <h2 id={headingId} className="linli-h2">
        {t('home.usersHeading')}
      </h2>
      <p className="linli-p">{t('home.usersIntro')}</p>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <p className="linli-p">{t('home.noUsers')}</p>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {users.data.items.map((user) => (
            <li key={user.id} className="linli-list-item">
              <span>
                <strong>{user.displayName}</strong> · {t(`roles.${user.role}`)}
                <br />
                <span lang="en">{user.username}</span>
              </span>
              {user.disabled ? (
                <Tag color="#8a1c1c">{t('home.userDisabled')}</Tag>
              ) : (
                <Tag color="#14532d">{t('home.userActive')}</Tag>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
