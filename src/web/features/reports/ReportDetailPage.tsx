import { Alert, Button, Flex, Input, Modal, Popconfirm, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router';
import type {
  ReportAction,
  ReportState,
  TReport,
  TReportTransition,
} from '../../../shared/contracts/reports';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ReadAloudButton } from '../../components/ReadAloud';
import { dateTime } from '../../lib/dates';
import { canHandleReports } from '../../lib/roles';
import { useDesk } from '../../lib/useDesk';
import { useDuplicates, useMerge, useReport, useTransition } from './api';
import { StateTag, UrgencyTag, useAgo, useNow, useRecordedLine } from './ReportBits';

const OPEN: readonly ReportState[] = ['new', 'acknowledged', 'in_progress'];
const REOPEN_DAYS = 7;

/** Which actions apply in which state (the server's rule; it decides, this only offers). */
const FROM: Record<Exclude<ReportAction, 'note'>, readonly ReportState[]> = {
  acknowledge: ['new'],
  start: ['new', 'acknowledged'],
  resolve: OPEN,
  refer: OPEN,
  outside_remit: OPEN,
  reopen: ['resolved', 'referred', 'outside_remit'],
};

function allowedActions(report: TReport, now: number): ReportAction[] {
  if (report.state === 'merged') return [];
  const actions = (Object.keys(FROM) as Exclude<ReportAction, 'note'>[]).filter((action) =>
    FROM[action].includes(report.state),
  );
  const withinReopen =
    report.closedAt === null || now - new Date(report.closedAt).getTime() <= REOPEN_DAYS * 86_400_000;
  return [...actions.filter((a) => a !== 'reopen' || withinReopen), 'note'];
}

export function ReportDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const report = useReport(id);
  return (
    <>
      <BackLink to="/reports">{t('reports.listHeading')}</BackLink>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('reports.listHeading')}</h1>
          <ErrorAlert error={report.error} onRetry={() => void report.refetch()} />
        </>
      ) : (
        <ReportDetail report={report.data} />
      )}
    </>
  );
}

function ReportDetail({ report }: { report: TReport }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const recorded = useRecordedLine();
  const agoText = useAgo();
  const now = useNow();
  const ids = {
    details: useId(),
    description: useId(),
    timeline: useId(),
    actions: useId(),
    feedback: useId(),
  };
  const ackOverdue =
    report.ackDueAt !== null &&
    report.acknowledgedAt === null &&
    report.closedAt === null &&
    new Date(report.ackDueAt).getTime() < now;
  const feedbackOverdue = report.closedAt === null && new Date(report.feedbackDueAt).getTime() < now;
  const desk = useDesk();

  const left = (
    <>
      <div className="linli-readable" data-testid="report-summary">
        <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }} data-testid="report-heading">
          {t('reports.detailHeading', { category: report.categoryName, place: report.place })}
        </Typography.Title>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <StateTag state={report.state} />
          <UrgencyTag report={report} />
        </Flex>
        <Typography.Paragraph style={{ fontSize: 20 }}>
          {recorded(report)} · {agoText(report.createdAt, now)}
        </Typography.Paragraph>
        <ReadAloudButton />
      </div>

      {report.mergedInto ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('reports.mergedInto')}
          description={
            <Link to={`/reports/${report.mergedInto}`} className="linli-strong-link">
              {t('reports.openMerged')}
            </Link>
          }
        />
      ) : null}

      <section aria-labelledby={ids.description} className="linli-readable">
        <Typography.Title level={2} id={ids.description} style={{ fontSize: 24 }}>
          {t('reports.descriptionHeading')}
        </Typography.Title>
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', fontSize: 20 }}
          data-testid="report-description"
        >
          {report.description}
        </Typography.Paragraph>
        <ReadAloudButton />
      </section>

      <section aria-labelledby={ids.details}>
        <Typography.Title level={2} id={ids.details} style={{ fontSize: 24 }}>
          {t('reports.details')}
        </Typography.Title>
        <dl className="linli-details">
          <dt>{t('reports.place')}</dt>
          <dd>
            {report.householdId ? (
              <Link to={`/households/${report.householdId}`}>{report.place}</Link>
            ) : (
              report.place
            )}
          </dd>
          <dt>{t('reports.categoryLabel')}</dt>
          <dd>{report.categoryName}</dd>
          <dt>{t('reports.urgency')}</dt>
          <dd>{report.urgencyName}</dd>
          <dt>{t('reports.stateLabel')}</dt>
          <dd>{t(`reports.states.${report.state}`)}</dd>
          <dt>{t('reports.recordedByLabel')}</dt>
          <dd>{report.recordedBy ?? '—'}</dd>
          <dt>{t('reports.onBehalfOfLabel')}</dt>
          <dd>{report.onBehalfOf ?? '—'}</dd>
          <dt>{t('reports.createdAt')}</dt>
          <dd>{dateTime(report.createdAt)}</dd>
          <dt>{t('reports.responsible')}</dt>
          <dd data-testid="report-responsible">
            {report.responsible ? (
              <>
                {report.responsible.tier ? `${t(`tiers.${report.responsible.tier}`)} ` : ''}
                <strong>{report.responsible.name}</strong>
                {report.responsible.phone ? (
                  <>
                    <br />
                    <a className="linli-tel" href={`tel:${report.responsible.phone}`}>
                      <span className="linli-visually-hidden">
                        {t('reports.call', { name: report.responsible.name })}{' '}
                      </span>
                      <span aria-hidden="true">☎&nbsp;</span>
                      {report.responsible.phone}
                    </a>
                  </>
                ) : null}
              </>
            ) : (
              t('reports.responsibleNone', { tier: t(`tiers.${report.responsibleTier}`) })
            )}
          </dd>
          {report.ackDueAt ? (
            <>
              <dt>{t('reports.ackDue')}</dt>
              <dd>
                {dateTime(report.ackDueAt)}
                {ackOverdue ? <strong className="linli-overdue"> · {t('reports.overdue')}</strong> : null}
              </dd>
            </>
          ) : null}
          {report.acknowledgedAt ? (
            <>
              <dt>{t('reports.acknowledgedAt')}</dt>
              <dd>{dateTime(report.acknowledgedAt)}</dd>
            </>
          ) : null}
          <dt>{t('reports.feedbackDue')}</dt>
          <dd>
            {dateTime(report.feedbackDueAt)}
            {feedbackOverdue ? <strong className="linli-overdue"> · {t('reports.overdue')}</strong> : null}
          </dd>
          {report.closedAt ? (
            <>
              <dt>{t('reports.closedAt')}</dt>
              <dd>{dateTime(report.closedAt)}</dd>
            </>
          ) : null}
          {report.referredTo ? (
            <>
              <dt>{t('reports.referredTo')}</dt>
              <dd>{report.referredTo}</dd>
            </>
          ) : null}
          {report.residentGuidance ? (
            <>
              <dt>{t('reports.residentGuidance')}</dt>
              <dd style={{ whiteSpace: 'pre-wrap' }}>{report.residentGuidance}</dd>
            </>
          ) : null}
          {report.committeeLatencyMs !== null ? (
            <>
              <dt>{t('reports.latency')}</dt>
              <dd>{t('reports.latencyMs', { ms: report.committeeLatencyMs })}</dd>
            </>
          ) : null}
        </dl>
      </section>

      {canHandleReports(session.user.role) ? (
        <section aria-labelledby={ids.actions}>
          <Typography.Title level={2} id={ids.actions} style={{ fontSize: 24 }}>
            {t('reports.actionsHeading')}
          </Typography.Title>
          <Actions report={report} now={now} />
        </section>
      ) : null}
    </>
  );
  // Beside the report at a desk: what happened to it and the records related to it.
  const right = (
    <>
      {OPEN.includes(report.state) ? <Duplicates report={report} /> : null}

      {report.feedbackLink || report.feedback.length > 0 ? (
        <section aria-labelledby={ids.feedback} className="linli-readable">
          <Typography.Title level={2} id={ids.feedback} style={{ fontSize: 24 }}>
            {t('reports.feedbackHeading')}
          </Typography.Title>
          <ReadAloudButton />
          {report.feedbackLink ? <FeedbackLink link={report.feedbackLink} /> : null}
          {report.feedback.length > 0 ? (
            <>
              <h3 className="linli-subheading">{t('reports.feedbackAnswers')}</h3>
              <ul className="linli-list">
                {report.feedback.map((answer) => (
                  <li key={answer.at} className="linli-list-item">
                    <span>
                      <strong>
                        {answer.solved ? t('reports.solved') : t('reports.notSolved')} ·{' '}
                        {answer.satisfied ? t('reports.satisfied') : t('reports.notSatisfied')}
                      </strong>
                      <br />
                      {dateTime(answer.at)} ·{' '}
                      {answer.byResident ? t('reports.byResident') : t('reports.inPerson')}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby={ids.timeline} className="linli-readable">
        <Typography.Title level={2} id={ids.timeline} style={{ fontSize: 24 }}>
          {t('reports.timelineHeading')}
        </Typography.Title>
        <ReadAloudButton />
        {report.timeline.length === 0 ? (
          <Typography.Paragraph>{t('reports.timelineEmpty')}</Typography.Paragraph>
        ) : (
          <ol className="linli-timeline" aria-labelledby={ids.timeline} data-testid="report-timeline">
            {report.timeline.map((event) => (
              <li key={event.id}>
                <span className="linli-stat-label">{dateTime(event.at)}</span>
                <br />
                <strong>{t(`reports.events.${event.kind}`, { defaultValue: event.kind })}</strong>
                {' · '}
                {event.actor ?? t('reports.system')}
                <EventDetail detail={event.detail} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
  if (!desk) {
    return (
      <>
        {left}
        {right}
      </>
    );
  }
  return (
    <div className="linli-report-columns" data-testid="report-columns">
      <div>{left}</div>
      <aside aria-label={t('reportsTable.side')}>{right}</aside>
    </div>
  );
}

function EventDetail({ detail }: { detail: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  if (!detail) return null;
  const lines: string[] = [];
  if (typeof detail.referredTo === 'string') lines.push(`${t('reports.referredTo')}: ${detail.referredTo}`);
  if (typeof detail.toTier === 'string')
    lines.push(`→ ${t(`tiers.${detail.toTier}`, { defaultValue: detail.toTier })}`);
  if (typeof detail.to === 'string') lines.push(`→ ${detail.to}`);
  if (typeof detail.note === 'string') lines.push(detail.note);
  if (lines.length === 0) return null;
  return <div style={{ whiteSpace: 'pre-wrap' }}>{lines.join('\n')}</div>;
}

interface Draft {
  action: ReportAction;
  note: string;
  referredTo: string;
  residentGuidance: string;
}

function Actions({ report, now }: { report: TReport; now: number }) {
  const { t } = useTranslation();
  const transition = useTransition(report.id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const noteId = useId();
  const agencyId = useId();
  const guidanceId = useId();
  const actions = allowedActions(report, now);

  function run(body: TReportTransition) {
    setDone(false);
    transition.mutate(body, {
      onSuccess: () => {
        setDraft(null);
        setTried(false);
        setDone(true);
      },
    });
  }

  function open(action: ReportAction) {
    transition.reset();
    if (action === 'acknowledge' || action === 'start') {
      run({ action });
      return;
    }
    setTried(false);
    setDraft({ action, note: '', referredTo: '', residentGuidance: '' });
  }

  const missing = draft
    ? {
        note: draft.action === 'note' && !draft.note.trim(),
        referredTo: draft.action === 'refer' && !draft.referredTo.trim(),
        residentGuidance: draft.action === 'refer' && !draft.residentGuidance.trim(),
      }
    : { note: false, referredTo: false, residentGuidance: false };

  function confirm() {
    if (!draft) return;
    setTried(true);
    if (missing.note || missing.referredTo || missing.residentGuidance) return;
    run({
      action: draft.action,
      ...(draft.note.trim() ? { note: draft.note.trim() } : {}),
      ...(draft.action === 'refer'
        ? { referredTo: draft.referredTo.trim(), residentGuidance: draft.residentGuidance.trim() }
        : {}),
    });
  }

  const required = (flag: boolean) =>
    tried && flag ? (
      <div className="linli-field-error" role="alert">
        {t('reports.fieldRequired')}
      </div>
    ) : null;

  return (
    <>
      {done ? (
        <Alert type="success" showIcon role="status" title={t('reports.done')} style={{ marginBottom: 12 }} />
      ) : null}
      {transition.isError && !draft ? <ErrorAlert error={transition.error} /> : null}
      {actions.length === 0 ? (
        <Typography.Paragraph>{t('reports.noActions')}</Typography.Paragraph>
      ) : (
        <Flex gap={8} wrap>
          {actions.map((action) => (
            <Button
              key={action}
              size="large"
              type={
                action === 'acknowledge' || (action === 'start' && report.state !== 'new')
                  ? 'primary'
                  : 'default'
              }
              loading={transition.isPending && transition.variables?.action === action}
              onClick={() => open(action)}
              data-testid={`action-${action}`}
            >
              {t(`reports.actions.${action}`)}
            </Button>
          ))}
        </Flex>
      )}
      <Modal
        open={draft !== null}
        title={draft ? t(`reports.actions.${draft.action}`) : ''}
        onCancel={() => setDraft(null)}
        onOk={confirm}
        okText={t('reports.save')}
        cancelText={t('reports.no')}
        okButtonProps={{ size: 'large', loading: transition.isPending }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
      >
        {draft ? (
          <Flex vertical gap={8}>
            {draft.action === 'refer' ? (
              <>
                <label htmlFor={agencyId}>{t('reports.referAgency')}</label>
                <Input
                  id={agencyId}
                  size="large"
                  maxLength={200}
                  placeholder={t('reports.referAgencyPlaceholder')}
                  value={draft.referredTo}
                  onChange={(event) => setDraft({ ...draft, referredTo: event.target.value })}
                />
                {required(missing.referredTo)}
                <label htmlFor={guidanceId}>{t('reports.referGuidance')}</label>
                <Input.TextArea
                  id={guidanceId}
                  rows={4}
                  maxLength={2000}
                  value={draft.residentGuidance}
                  onChange={(event) => setDraft({ ...draft, residentGuidance: event.target.value })}
                />
                {required(missing.residentGuidance)}
              </>
            ) : null}
            <label htmlFor={noteId}>
              {draft.action === 'note' ? t('reports.noteRequired') : t('reports.note')}
            </label>
            <Input.TextArea
              id={noteId}
              rows={3}
              maxLength={2000}
              value={draft.note}
              onChange={(event) => setDraft({ ...draft, note: event.target.value })}
            />
            {required(missing.note)}
            {transition.isError ? <ErrorAlert error={transition.error} /> : null}
          </Flex>
        ) : null}
      </Modal>
    </>
  );
}

function Duplicates({ report }: { report: TReport }) {
  const { t } = useTranslation();
  const duplicates = useDuplicates(report.id, true);
  const merge = useMerge(report.id);
  const headingId = useId();
  const agoText = useAgo();
  if (!duplicates.data || duplicates.data.items.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('reports.duplicatesHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('reports.duplicatesIntro')}</Typography.Paragraph>
      {merge.isError ? <ErrorAlert error={merge.error} /> : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {duplicates.data.items.map((other) => (
          <li key={other.id} className="linli-list-item" data-testid="report-duplicate">
            <span style={{ flex: '1 1 220px' }}>
              <Link to={`/reports/${other.id}`} className="linli-strong-link">
                {other.categoryName} · {other.place}
              </Link>
              <br />
              {t(`reports.states.${other.state}`)} · {agoText(other.createdAt)}
              <br />
              <span className="linli-report-snippet">{other.description}</span>
            </span>
            <Popconfirm
              title={t('reports.mergeConfirm', { place: other.place })}
              okText={t('reports.yes')}
              cancelText={t('reports.no')}
              okButtonProps={{ size: 'large' }}
              cancelButtonProps={{ size: 'large' }}
              onConfirm={() => merge.mutate(other.id)}
            >
              <Button size="large" loading={merge.isPending && merge.variables === other.id}>
                {t('reports.mergeInto')}
              </Button>
            </Popconfirm>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FeedbackLink({ link }: { link: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const url = new URL(link, window.location.origin).href;
  return (
    <>
      <Typography.Paragraph>{t('reports.feedbackIntro')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        <a href={url} className="linli-feedback-link" data-testid="feedback-link" lang="en">
          {url}
        </a>
        <Button
          size="large"
          onClick={() => {
            if (!navigator.clipboard) {
              setCopied('failed');
              return;
            }
            navigator.clipboard
              .writeText(url)
              .then(() => setCopied('yes'))
              .catch(() => setCopied('failed'));
          }}
        >
          {t('reports.copy')}
        </Button>
      </Flex>
      {copied ? (
        <div role="status" style={{ marginTop: 8 }}>
          {copied === 'yes' ? t('reports.copied') : t('reports.copyFailed')}
        </div>
      ) : null}
    </>
  );
}
