import { Col, Row, Tag, Typography } from 'antd';
import { Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { THomeSummary } from '../../../shared/contracts/home';
import type { Role } from '../../../shared/roles';
import type { ShellContext } from '../../app/AppShell';
import { lazyPage } from '../../app/lazyPage';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { OutboxList } from '../../components/Outbox';
import { Panel } from '../../components/Panel';
import { TaskList } from '../../components/TaskList';
import { useLook } from '../../lib/elderMode';
import { useHomeSummary } from '../../lib/queries';
import { canRecordCare, FEED_ROLES, REGISTRY_ROLES } from '../../lib/roles';
import { CareToday } from '../care/CareToday';
import { CheckinAlerts } from '../care/CheckinAlerts';
import { LiveFeed } from '../reports/LiveFeed';
import { useUsers } from './api';
import { ErrandsToday, ReportsWaiting } from './LeaderToday';
import { ROLE_TASKS } from './roleTasks';
import { TodayDesk } from './TodayDesk';

// The round's part of 今日一览 loads with the committee's home only, not with every phone's.
const RoundDeskSection = lazyPage(() => import('../round/RoundDeskSection'), 'RoundDeskSection');

const CHAIN_ROLES: readonly Role[] = ['branch', 'group_leader', 'party_member', 'building_leader'];

const SUMMARY_FIELDS = ['households', 'residents', 'livingAlone', 'over80', 'withoutBuildingLeader'] as const;

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const role = session.user.role;
  const tasksHeadingId = useId();
  // 长辈模式: one thing per screen. A chain member's home is today's work; the figures and the list of
  // everything else wait behind "更多事情".
  const elder = useLook().elderMode && CHAIN_ROLES.includes(role);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('home.heading', { role: t(`roles.${role}`) })}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {t('home.greeting', { name: session.user.displayName })}
      </Typography.Paragraph>
      {role === 'building_leader' ? <CareToday /> : null}
      {role === 'building_leader' ? <ErrandsToday /> : null}
      {role === 'building_leader' ? <ReportsWaiting /> : null}
      {role === 'building_leader' ? (
        <div style={{ marginBottom: 24 }}>
          <Link
            to="/reports/new"
            className="linli-button-link linli-big-action"
            data-testid="something-wrong"
          >
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
      ) : null}
      {elder ? (
        <details className="linli-filters" data-testid="elder-more">
          <summary>{t('elder.more')}</summary>
          {FEED_ROLES.includes(role) ? (
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
          ) : null}
          <Typography.Title level={2} id={tasksHeadingId} style={{ fontSize: 24 }}>
            {t('home.tasksHeading')}
          </Typography.Title>
          <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
          <Summary role={role} />
        </details>
      ) : (
        <>
          {FEED_ROLES.includes(role) ? (
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
          ) : null}
          {role === 'committee' ? (
            <Suspense fallback={null}>
              <RoundDeskSection />
            </Suspense>
          ) : null}
          {role === 'admin' ? <UserAccounts /> : <Summary role={role} />}
          <Typography.Title level={2} id={tasksHeadingId} style={{ fontSize: 24 }}>
            {t('home.tasksHeading')}
          </Typography.Title>
          <TaskList tasks={ROLE_TASKS[role]} headingId={tasksHeadingId} />
        </>
      )}
    </>
  );
}

function Summary({ role }: { role: Role }) {
  const { t } = useTranslation();
  const canReadRegistry = REGISTRY_ROLES.includes(role);
  const summary = useHomeSummary(role !== 'admin');
  const headingId = useId();

  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const data: THomeSummary = summary.data;

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('home.summaryHeading')}
      </Typography.Title>
      {data.communities.length > 0 ? (
        <Typography.Paragraph>
          {t('home.community', { names: data.communities.map((c) => c.name).join('、') })}
        </Typography.Paragraph>
      ) : null}
      {canReadRegistry ? (
        <Row gutter={[12, 12]}>
          {SUMMARY_FIELDS.map((field) => (
            <Col key={field} xs={12} sm={8} md={8} lg={8}>
              <Panel small style={{ height: '100%' }} data-testid={`summary-${field}`}>
                <div className="linli-stat-label">{t(`home.${field}`)}</div>
                <div className="linli-stat-value" data-testid={`summary-${field}-value`}>
                  {data[field]}
                </div>
              </Panel>
            </Col>
          ))}
        </Row>
      ) : null}
    </section>
  );
}

function UserAccounts() {
  const { t } = useTranslation();
  const users = useUsers(true);
  const headingId = useId();

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('home.usersHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('home.usersIntro')}</Typography.Paragraph>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <ErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Typography.Paragraph>{t('home.noUsers')}</Typography.Paragraph>
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
