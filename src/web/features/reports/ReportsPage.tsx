import { Tabs, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useSearchParams } from 'react-router';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { OutboxList } from '../../components/Outbox';
import { canCreateReports } from '../../lib/roles';
import { useDesk } from '../../lib/useDesk';
import { useReports } from './api';
import { ReportList } from './ReportBits';
import { ReportsDeskTable } from './ReportsDeskTable';

export function ReportsPage() {
  const { session } = useOutletContext<ShellContext>();
  // At a desk the office works through a table; on a phone the cards stay as they are.
  if (useDesk()) return <ReportsDeskTable session={session} />;
  return <PhoneReports />;
}

function PhoneReports() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const [params, setParams] = useSearchParams();
  const state = params.get('state') === 'closed' ? 'closed' : 'open';

  return (
    <>
      <BackLink to="/">{t('app.backHome')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('reports.listHeading')}
      </Typography.Title>
      <Link to="/reports/rates" className="linli-button-link" data-testid="rates-link">
        {t('rates.link')}
      </Link>
      {canCreateReports(session.user.role) ? (
        <Link to="/reports/new" className="linli-button-link linli-big-action" data-testid="something-wrong">
          <span aria-hidden="true">⚠&nbsp;</span>
          {t('reports.somethingWrong')}
        </Link>
      ) : null}
      <OutboxList />
      <Tabs
        aria-label={t('reports.tabsLabel')}
        size="large"
        activeKey={state}
        onChange={(key) => setParams(key === 'closed' ? { state: 'closed' } : {}, { replace: true })}
        items={[
          { key: 'open', label: t('reports.tabOpen'), children: <StateList state="open" /> },
          { key: 'closed', label: t('reports.tabClosed'), children: <StateList state="closed" /> },
        ]}
      />
    </>
  );
}

function StateList({ state }: { state: 'open' | 'closed' }) {
  const { t } = useTranslation();
  const reports = useReports(state);
  const headingId = useId();
  if (reports.isPending) return <Loading />;
  if (reports.isError) return <ErrorAlert error={reports.error} onRetry={() => void reports.refetch()} />;
  return (
    <>
      <h2 id={headingId} className="linli-visually-hidden">
        {state === 'open' ? t('reports.tabOpen') : t('reports.tabClosed')}
      </h2>
      {reports.data.items.length === 0 ? (
        <Typography.Paragraph>{t('reports.empty')}</Typography.Paragraph>
      ) : (
        <ReportList reports={reports.data.items} labelledBy={headingId} />
      )}
    </>
  );
}

export function WaitingPage() {
  const { t } = useTranslation();
  return (
    <>
      <BackLink to="/reports">{t('reports.listHeading')}</BackLink>
      <h1 className="linli-visually-hidden">{t('outbox.heading')}</h1>
      <OutboxList showEmpty />
    </>
  );
}
