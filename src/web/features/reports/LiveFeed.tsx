import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Tag, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type TFeedEvent, type TReportSummary, ZFeedEvent } from '../../../shared/contracts/reports';
import type { Role } from '../../../shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { beep } from '../../lib/beep';
import { markSeen, reportKeys, useReports } from './api';
import { StateTag, UrgencyTag, useAgo, useNow, useRecordedLine } from './ReportBits';

const MAX_LIVE = 50;
const KIND_COLOURS: Record<TFeedEvent['kind'], string> = {
  created: '#166534',
  escalated: '#b91c1c',
  updated: '#334155',
};

interface LiveItem {
  kind: TFeedEvent['kind'];
  report: TReportSummary;
}

/**
 * The live feed: open reports now, and whatever the server pushes (server-sent events) on top, without
 * reloading. An emergency raises a banner and a beep; a committee screen tells the server it has it.
 */
export function LiveFeed({ role }: { role: Role }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const initial = useReports('open', undefined, 20);
  const [live, setLive] = useState<LiveItem[]>([]);
  const [connected, setConnected] = useState(false);
  const [alarms, setAlarms] = useState<TReportSummary[]>([]);
  const [latest, setLatest] = useState('');
  const headingId = useId();
  const agoText = useAgo();
  const recorded = useRecordedLine();
  const now = useNow();
  const roleRef = useRef(role);
  roleRef.current = role;
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/feed', { withCredentials: true });
    source.onopen = () => {
      setConnected(true);
      // Whatever happened while the connection was down is in the list the server gives now.
      void queryClient.invalidateQueries({ queryKey: ['reports', 'list'], refetchType: 'active' });
      // 今日一览 (home/TodayDesk) is kept current by the same events.
      void queryClient.invalidateQueries({ queryKey: ['desk'], refetchType: 'active' });
    };
    source.onerror = () => setConnected(false);
    const onReport = (message: MessageEvent<string>) => {
      let event: TFeedEvent;
      try {
        const parsed = ZFeedEvent.safeParse(JSON.parse(message.data));
        if (!parsed.success) return;
        event = parsed.data;
      } catch {
        return;
      }
      const { report } = event;
      setConnected(true);
      setLive((items) => {
        const index = items.findIndex((item) => item.report.id === report.id);
        if (event.kind === 'updated' && index >= 0) {
          const next = [...items];
          next[index] = { kind: items[index]?.kind ?? 'updated', report };
          return next;
        }
        return [{ kind: event.kind, report }, ...items.filter((item) => item.report.id !== report.id)].slice(
          0,
          MAX_LIVE,
        );
      });
      setLatest(`${tRef.current(`feed.kinds.${event.kind}`)}: ${report.categoryName} · ${report.place}`);
      if (report.emergency && event.kind !== 'updated') {
        setAlarms((items) => [report, ...items.filter((item) => item.id !== report.id)]);
        beep();
      }
      if (roleRef.current === 'committee') void markSeen(report.id);
      void queryClient.invalidateQueries({
        queryKey: reportKeys.detail(report.id),
        refetchType: 'active',
      });
      void queryClient.invalidateQueries({ queryKey: ['desk'], refetchType: 'active' });
    };
    source.addEventListener('report', onReport);
    return () => {
      source.removeEventListener('report', onReport);
      source.close();
    };
  }, [queryClient]);

  const liveIds = new Set(live.map((item) => item.report.id));
  const rest = (initial.data?.items ?? []).filter((report) => !liveIds.has(report.id));
  const items: { kind: TFeedEvent['kind'] | null; report: TReportSummary }[] = [
    ...live,
    ...rest.map((report) => ({ kind: null, report })),
  ];

  return (
    <section aria-labelledby={headingId} className="linli-feed" data-testid="live-feed">
      {alarms.map((report) => (
        <Alert
          key={report.id}
          type="error"
          role="alert"
          showIcon
          className="linli-emergency"
          data-testid="emergency-banner"
          title={t('feed.emergencyBanner', { category: report.categoryName, place: report.place })}
          description={
            <>
              <div>{recorded(report)}</div>
              <Link to={`/reports/${report.id}`} className="linli-button-link" style={{ marginTop: 8 }}>
                {t('feed.open')}
              </Link>
            </>
          }
          action={
            <Button onClick={() => setAlarms((all) => all.filter((one) => one.id !== report.id))}>
              {t('feed.dismiss')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      ))}
      <div className="linli-feed-head">
        <Typography.Title level={2} id={headingId} style={{ fontSize: 24, margin: 0 }}>
          {t('feed.heading')}
        </Typography.Title>
        <span className={connected ? 'linli-feed-live' : 'linli-feed-waiting'} data-testid="feed-status">
          <span aria-hidden="true">●&nbsp;</span>
          {connected ? t('feed.live') : t('feed.connecting')}
        </span>
      </div>
      <Typography.Paragraph>{t('feed.intro')}</Typography.Paragraph>
      <div className="linli-visually-hidden" role="status" aria-live="polite">
        {latest}
      </div>
      {initial.isPending && live.length === 0 ? (
        <Loading />
      ) : initial.isError && live.length === 0 ? (
        <ErrorAlert error={initial.error} onRetry={() => void initial.refetch()} />
      ) : items.length === 0 ? (
        <Typography.Paragraph>{t('feed.empty')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {items.map(({ kind, report }) => (
            <li
              key={report.id}
              className={`linli-list-item${report.emergency ? ' linli-feed-emergency' : ''}`}
              data-testid="feed-item"
              data-report-id={report.id}
            >
              <Link to={`/reports/${report.id}`} className="linli-list-link">
                <span className="linli-tags">
                  {kind ? (
                    <Tag color={KIND_COLOURS[kind]} style={{ fontSize: 16, padding: '2px 8px' }}>
                      {t(`feed.kinds.${kind}`)}
                    </Tag>
                  ) : null}
                  <UrgencyTag report={report} />
                  <StateTag state={report.state} />
                </span>
                <span className="linli-address">
                  {report.categoryName} · {report.place}
                </span>
                <span>{recorded(report)}</span>
                <span className="linli-report-snippet">{report.description}</span>
                <span className="linli-stat-label">{agoText(report.createdAt, now)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Link to="/reports" className="linli-strong-link">
        {t('feed.allReports')}
      </Link>
    </section>
  );
}
