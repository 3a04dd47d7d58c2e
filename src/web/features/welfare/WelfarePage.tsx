import { Alert, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { z } from 'zod';
import type { ZApplicationList, ZListEntry } from '../../../shared/contracts/welfare';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { canReviewWelfare, canWriteWelfare } from '../../lib/roles';
import { useDesk } from '../../lib/useDesk';
import { AddToOutreachAction } from '../outreach/AddToOutreachAction';
import { AidWaiting, CommitteeDeskNotes } from './AidWaiting';
import {
  useApplications,
  useNotices,
  usePolicies,
  usePublishNotice,
  useReviewApplication,
  useWelfareLists,
} from './api';
import { GrantsLedger } from './GrantsLedger';
import { HolidayVisits } from './HolidayVisits';
import { StateTag } from './StateTag';
import { inUiLanguage } from './text';

// The office's tables (antd Table, Tabs) only at a desk: a phone opening 民生保障 never fetches them.
const WelfareDesk = lazy(() => import('./WelfareDeskTables').then((m) => ({ default: m.WelfareDesk })));

type Application = z.infer<typeof ZApplicationList>['applications'][number];

/**
 * The worker's welfare home: what waits for a decision, notices running, and who is missed or due for review.
 * At a desk the same work is the first tab, beside the office's tables (issue 23); the phone is unchanged.
 */
export function WelfarePage() {
  const { t } = useTranslation();
  if (useDesk())
    return (
      <Suspense fallback={<Loading />}>
        <WelfareDesk work={<WelfareWork />} />
      </Suspense>
    );
  return (
    <>
      <BackLink to="/">{t('welfare.backHome')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('welfare.heading')}
      </Typography.Title>
      <WelfareWork />
    </>
  );
}

function WelfareWork() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const policies = usePolicies();
  const [policyId, setPolicyId] = useState('dibao');
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.policy')} htmlFor="welfare-policy">
          <Select
            id="welfare-policy"
            size="large"
            loading={policies.isPending}
            value={policyId}
            onChange={(value: string) => setPolicyId(value)}
            options={(policies.data?.policies ?? []).map((p) => ({
              value: p.id,
              label: inUiLanguage(p.title),
            }))}
          />
        </Form.Item>
      </Form>
      <Flex vertical gap={12} align="flex-start">
        <Link to={`/welfare/policies/${encodeURIComponent(policyId)}`} className="linli-strong-link">
          {t('welfare.readPolicy')}
        </Link>
        <Link to="/welfare/roster" className="linli-strong-link" data-testid="welfare-roster-link">
          {t('welfare.rosterLink')}
        </Link>
      </Flex>
      {session.user.role === 'committee' ? <CommitteeDeskNotes /> : null}
      <AidWaiting role={session.user.role} />
      <ApplicationsWaiting
        policyId={policyId}
        review={canReviewWelfare(session.user.role)}
        publish={canWriteWelfare(session.user.role)}
        onNotice={setNotice}
      />
      <NoticesRunning />
      <NoticesEnded />
      <Lists policyId={policyId} />
      <HolidayVisits />
      <GrantsLedger write={canWriteWelfare(session.user.role)} />
    </>
  );
}

function ApplicationsWaiting({
  policyId,
  review,
  publish,
  onNotice,
}: {
  policyId: string;
  review: boolean;
  publish: boolean;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const filed = useApplications('filed');
  const reviewed = useApplications('reviewed');
  const decide = useReviewApplication();
  const [publishing, setPublishing] = useState(false);
  const ready = (reviewed.data?.applications ?? []).filter((a) => a.policyId === policyId);
  const waiting = filed.data?.applications ?? [];

  return (
    <section aria-labelledby={headingId} data-testid="welfare-applications" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.applicationsHeading')}
      </Typography.Title>
      {decide.isError ? <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} /> : null}
      {filed.isPending || reviewed.isPending ? (
        <Loading />
      ) : filed.isError ? (
        <ErrorAlert error={filed.error} onRetry={() => void filed.refetch()} />
      ) : waiting.length === 0 && ready.length === 0 ? (
        <Typography.Paragraph>{t('welfare.noApplications')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {[...waiting, ...ready].map((a) => (
            <li
              key={a.id}
              className="linli-list-item"
              data-testid="welfare-application"
              data-status={a.status}
            >
              <ApplicationLine application={a} />
              {review && a.status === 'filed' ? (
                <Flex gap={8} wrap>
                  <Button
                    type="primary"
                    size="large"
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ applicationId: a.id, approve: true })}
                  >
                    {t('welfare.reviewPass')}
                    <span className="linli-visually-hidden"> {a.applicantName}</span>
                  </Button>
                  <Button
                    size="large"
                    danger
                    loading={decide.isPending}
                    onClick={() => decide.mutate({ applicationId: a.id, approve: false })}
                  >
                    {t('welfare.reviewRefuse')}
                    <span className="linli-visually-hidden"> {a.applicantName}</span>
                  </Button>
                </Flex>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {publish && ready.length > 0 ? (
        <Button
          type="primary"
          size="large"
          block
          style={{ marginTop: 12 }}
          onClick={() => setPublishing(true)}
        >
          {t('welfare.publish', { count: ready.length })}
        </Button>
      ) : null}
      {publishing ? (
        <PublishModal
          policyId={policyId}
          applicationIds={ready.map((a) => a.id)}
          onClose={(published) => {
            setPublishing(false);
            if (published) onNotice(published);
          }}
        />
      ) : null}
    </section>
  );
}

function ApplicationLine({ application }: { application: Application }) {
  const { t } = useTranslation();
  return (
    <span style={{ flex: '1 1 220px' }}>
      <Link to={`/households/${encodeURIComponent(application.household.householdId)}/welfare`}>
        <span className="linli-hit-name">{application.applicantName}</span> ·{' '}
        {application.household.address.label}
      </Link>
      <br />
      {application.policyTitle} · {t(`welfare.statuses.${application.status}`)} ·{' '}
      {t('welfare.filedOn', { date: shortDate(application.filedAt) })}
      {application.missingDocuments.length > 0 ? (
        <>
          <br />
          <strong className="linli-overdue">
            {t('welfare.missingDocuments', { documents: application.missingDocuments.join('、') })}
          </strong>
        </>
      ) : null}
    </span>
  );
}

function PublishModal({
  policyId,
  applicationIds,
  onClose,
}: {
  policyId: string;
  applicationIds: string[];
  onClose: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const publish = usePublishNotice();
  const [contact, setContact] = useState('');
  return (
    <Modal
      open
      title={t('welfare.publishTitle')}
      onCancel={() => onClose(null)}
      okText={t('welfare.publishOk')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: !contact.trim(), loading: publish.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        publish.mutate(
          { policyId, applicationIds, objectionContact: contact.trim() },
          { onSuccess: (n) => onClose(t('welfare.published', { ends: shortDate(n.endsOn) })) },
        )
      }
    >
      {publish.isError ? <ErrorAlert error={publish.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>{t('welfare.publishIntro')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.objectionContact')} htmlFor="notice-contact">
          <Input
            id="notice-contact"
            size="large"
            value={contact}
            maxLength={300}
            onChange={(e) => setContact(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NoticesRunning() {
  const { t } = useTranslation();
  const headingId = useId();
  const notices = useNotices();
  const running = (notices.data?.notices ?? []).filter((n) => n.workingDaysLeft > 0);
  return (
    <section aria-labelledby={headingId} data-testid="welfare-notices" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.noticesHeading')}
      </Typography.Title>
      {notices.isPending ? (
        <Loading />
      ) : notices.isError ? (
        <ErrorAlert error={notices.error} onRetry={() => void notices.refetch()} />
      ) : running.length === 0 ? (
        <Typography.Paragraph>{t('welfare.noNotices')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {running.map((n) => (
            <li key={n.id} className="linli-list-item" data-testid="welfare-notice-row">
              <Link to={`/welfare/notices/${encodeURIComponent(n.id)}`} style={{ flex: '1 1 220px' }}>
                {n.title}
                <br />
                {shortDate(n.startsOn)} – {shortDate(n.endsOn)}
              </Link>
              <StateTag tone="info">{t('welfare.daysLeft', { count: n.workingDaysLeft })}</StateTag>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Notices whose period is over with applications still waiting for the committee's final word. */
function NoticesEnded() {
  const { t } = useTranslation();
  const headingId = useId();
  const notices = useNotices();
  const onNotice = useApplications('on_notice');
  const waiting = new Set((onNotice.data?.applications ?? []).map((a) => a.noticeId));
  const ended = (notices.data?.notices ?? []).filter((n) => n.workingDaysLeft === 0 && waiting.has(n.id));
  if (ended.length === 0) return null;
  return (
    <section aria-labelledby={headingId} data-testid="welfare-notices-ended" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.noticesEndedHeading')}
      </Typography.Title>
      <ul className="linli-list" aria-labelledby={headingId}>
        {ended.map((n) => (
          <li key={n.id} className="linli-list-item" data-testid="welfare-notice-ended-row">
            <Link to={`/welfare/notices/${encodeURIComponent(n.id)}`} style={{ flex: '1 1 220px' }}>
              {n.title}
              <br />
              {shortDate(n.startsOn)} – {shortDate(n.endsOn)}
            </Link>
            <StateTag tone="pending">{t('welfare.noticeEndedTag')}</StateTag>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Lists({ policyId }: { policyId: string }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const lists = useWelfareLists(policyId);
  if (lists.isPending) return <Loading />;
  if (lists.isError) return <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />;
  return (
    <>
      <Typography.Paragraph>
        {t('welfare.evaluatedCount', { evaluated: lists.data.evaluated, noFacts: lists.data.noFacts })}
      </Typography.Paragraph>
      <EntryList
        testId="welfare-outreach"
        title={t('welfare.outreachHeading')}
        entries={lists.data.outreach}
      />
      {canWriteWelfare(session.user.role) && lists.data.outreach.some((e) => e.underway === null) ? (
        // Those nobody has started on, onto a round of door visits (走访名单) to tell them of the policy.
        <Flex wrap gap={12} align="center" data-testid="welfare-outreach-visit">
          <AddToOutreachAction
            householdIds={lists.data.outreach
              .filter((e) => e.underway === null)
              .map((e) => e.household.householdId)}
            labelOf={(id) => {
              const e = lists.data.outreach.find((x) => x.household.householdId === id);
              return e ? `${e.household.address.label} ${e.household.name}` : id.slice(0, 8);
            }}
          />
        </Flex>
      ) : null}
      <EntryList testId="welfare-review" title={t('welfare.reviewHeading')} entries={lists.data.review} />
    </>
  );
}

function EntryList({
  testId,
  title,
  entries,
}: {
  testId: string;
  title: string;
  entries: z.infer<typeof ZListEntry>[];
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid={testId} style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {title}
      </Typography.Title>
      {entries.length === 0 ? (
        <Typography.Paragraph>{t('welfare.listEmpty')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {/* Those nobody has started on first; one already applied for or on notice says so. */}
          {[...entries]
            .sort((a, b) => Number(a.underway !== null) - Number(b.underway !== null))
            .map((e) => (
              <li
                key={e.household.householdId}
                className="linli-list-item"
                data-underway={e.underway ?? undefined}
              >
                <Link
                  to={`/households/${encodeURIComponent(e.household.householdId)}/welfare`}
                  style={{ flex: '1 1 220px' }}
                >
                  <span className="linli-hit-name">{e.household.name}</span> · {e.household.address.label}
                </Link>
                <span style={{ flex: '1 1 220px' }}>
                  {e.amountFen !== null
                    ? `${t('welfare.amountMonthly', { amount: yuan(e.amountFen) })} · `
                    : ''}
                  {e.reasons.join('；')}
                </span>
                {e.underway ? (
                  <span data-testid="welfare-underway">
                    <StateTag tone={e.underway === 'on_notice' ? 'info' : 'pending'}>
                      {t(`plain.underway.${e.underway}`)}
                    </StateTag>
                  </span>
                ) : null}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
