import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReportState, TReportSummary } from '../../../shared/contracts/reports';
import { ago } from '../../lib/dates';

/** Dark tag colours: the white text on them keeps at least 4.5:1. */
const STATE_COLOURS: Record<ReportState, string> = {
  new: '#1d4ed8',
  acknowledged: '#6b21a8',
  in_progress: '#7a4f00',
  resolved: '#166534',
  referred: '#334155',
  outside_remit: '#4a4a4a',
  merged: '#4a4a4a',
};

const TAG_STYLE = { fontSize: 16, padding: '2px 8px', marginInlineEnd: 0 } as const;

export function StateTag({ state }: { state: ReportState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLOURS[state]} style={TAG_STYLE} data-testid="report-state">
      {t(`reports.states.${state}`)}
    </Tag>
  );
}

export function UrgencyTag({ report }: { report: Pick<TReportSummary, 'emergency' | 'urgencyName'> }) {
  const { t } = useTranslation();
  if (report.emergency) {
    return (
      <Tag color="#b91c1c" style={TAG_STYLE}>
        <span aria-hidden="true">⚠&nbsp;</span>
        {t('reports.emergency')} · {report.urgencyName}
      </Tag>
    );
  }
  return (
    <Tag color="#1e3a8a" style={TAG_STYLE}>
      {report.urgencyName}
    </Tag>
  );
}

/** Re-renders every half minute so "3 minutes ago" stays true on a screen left open. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function useAgo() {
  const { t } = useTranslation();
  return (value: string, now?: number): string => {
    const { unit, count } = ago(value, now);
    return t(`feed.ago.${unit}`, { count });
  };
}

/** "Recorded by 李楼长 for 张奶奶", with whichever parts are known. */
export function useRecordedLine() {
  const { t } = useTranslation();
  return (report: Pick<TReportSummary, 'recordedBy' | 'onBehalfOf'>): string => {
    if (report.recordedBy && report.onBehalfOf) {
      return t('reports.recordedFor', { by: report.recordedBy, for: report.onBehalfOf });
    }
    if (report.onBehalfOf) return t('reports.recordedForOnly', { for: report.onBehalfOf });
    return t('reports.recordedBy', { by: report.recordedBy ?? t('reports.someone') });
  };
}

/** A short list of reports, each a link to its page. */
export function ReportList({
  reports,
  labelledBy,
  testId = 'report-item',
}: {
  reports: readonly TReportSummary[];
  labelledBy: string;
  testId?: string;
}) {
  const agoText = useAgo();
  const recorded = useRecordedLine();
  const now = useNow();
  return (
    <ul className="linli-list" aria-labelledby={labelledBy}>
      {reports.map((report) => (
        <li key={report.id} className="linli-list-item" data-testid={testId}>
          <Link to={`/reports/${report.id}`} className="linli-list-link">
            <span className="linli-address">
              {report.categoryName} · {report.place}
            </span>
            <span className="linli-tags">
              <StateTag state={report.state} />
              <UrgencyTag report={report} />
            </span>
            <span>{recorded(report)}</span>
            <span className="linli-report-snippet">{report.description}</span>
            <span className="linli-stat-label">{agoText(report.createdAt, now)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
