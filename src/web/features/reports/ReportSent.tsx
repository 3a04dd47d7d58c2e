import { Button, Flex, Result } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TReport } from '../../../shared/contracts/reports';
import { dateTime } from '../../lib/dates';
import { onSent } from '../../lib/outbox';
import { useReport } from './api';

export type Submitted = { status: 'sent'; reportId: string } | { status: 'waiting'; key: string };

/** How often an open result screen asks whether the committee has seen the report yet. */
const SEEN_POLL_MS = 10_000;

/**
 * What became of a report just submitted. It stays until the person chooses what to do next, so nobody
 * looks at a blank form and submits again; a report that waited on the phone turns into "sent" here
 * when the signal returns.
 */
export function ReportSent({ submitted, onAnother }: { submitted: Submitted; onAnother: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLDivElement>(null);
  const [reportId, setReportId] = useState(submitted.status === 'sent' ? submitted.reportId : null);

  useEffect(() => {
    if (submitted.status !== 'waiting') return;
    return onSent((item) => {
      if (item.key === submitted.key) setReportId(item.recordId);
    });
  }, [submitted]);

  // The form was further down the page: bring the person, and a screen reader, to what happened, and
  // again when a waiting report turns sent.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reportId is the trigger, not an input
  useEffect(() => {
    window.scrollTo({ top: 0 });
    heading.current?.querySelector<HTMLElement>('.ant-result-title')?.focus();
  }, [reportId]);

  const actions = (
    <Flex vertical gap={12} style={{ maxWidth: 360, margin: '0 auto' }}>
      {reportId ? (
        <Link to={`/reports/${reportId}`} className="linli-strong-link">
          {t('reports.viewReport')}
        </Link>
      ) : null}
      <Button size="large" type="primary" block onClick={onAnother}>
        {t('reports.another')}
      </Button>
    </Flex>
  );

  return (
    <div ref={heading} className="linli-result">
      {reportId ? (
        <SentResult reportId={reportId} extra={actions} />
      ) : (
        <Result
          status="warning"
          role="status"
          data-testid="report-waiting"
          title={<span tabIndex={-1}>{t('reports.waitingNotice')}</span>}
          extra={actions}
        />
      )}
    </div>
  );
}

function SentResult({ reportId, extra }: { reportId: string; extra: React.ReactNode }) {
  const { t } = useTranslation();
  const report = useReport(reportId, {
    refetchInterval: (data) => (data && seenBy(data) ? false : SEEN_POLL_MS),
  });
  const seen = report.data ? seenBy(report.data) : null;
  return (
    <Result
      status="success"
      role="status"
      data-testid="report-sent"
      title={<span tabIndex={-1}>{t('reports.sentNotice')}</span>}
      subTitle={
        report.data ? (
          <Flex vertical gap={4} className="linli-result-lines">
            <span>
              {t('reports.sentDetail', {
                time: dateTime(report.data.createdAt),
                name: report.data.responsible?.name ?? t(`tiers.${report.data.responsibleTier}`),
              })}
            </span>
            <span data-testid="report-seen">
              {seen
                ? t('reports.seenBy', { name: seen.name, time: dateTime(seen.at) })
                : t('reports.notSeenYet')}
            </span>
          </Flex>
        ) : null
      }
      extra={extra}
    />
  );
}

function seenBy(report: TReport): { name: string; at: string } | null {
  const event = report.timeline.find((e) => e.kind === 'seen_by_committee');
  return event ? { name: event.actor ?? '', at: event.at } : null;
}
