import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type TCheckin, type TCheckinFeedEvent, ZCheckinFeedEvent } from '../../../shared/contracts/care';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ReadAloudButton } from '../../components/ReadAloud';
import { beep } from '../../lib/beep';
import { clock } from '../../lib/format';
import { careKeys, useCheckinsToday } from './api';
import { CheckinStateTag } from './CareBits';
import type { CheckinTarget } from './CheckinDialogs';
import { OutcomeDialog, usePreloadedDialogs } from './checkinDialogsLazy';

const CLIMBING = new Set(['missed', 'escalated']);

/**
 * Missed check-ins as they climb the ladder, live (server-sent `checkin` events), on top of today's
 * list: the committee sees a missed check-in escalate without reloading, and can record what happened.
 */
export function CheckinAlerts({ canRecord }: { canRecord: boolean }) {
  usePreloadedDialogs();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const today = useCheckinsToday();
  const [live, setLive] = useState<
    Map<string, { kind: TCheckinFeedEvent['kind']; checkin: TCheckin; receivedAt: number }>
  >(() => new Map());
  const [connected, setConnected] = useState(false);
  const [latest, setLatest] = useState('');
  const [outcomeFor, setOutcomeFor] = useState<CheckinTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/feed', { withCredentials: true });
    source.onopen = () => {
      setConnected(true);
      // Whatever climbed while the connection was down is in the list the server gives now.
      void queryClient.invalidateQueries({ queryKey: careKeys.today, refetchType: 'active' });
    };
    source.onerror = () => setConnected(false);
    const onCheckin = (message: MessageEvent<string>) => {
      let event: TCheckinFeedEvent;
      try {
        const parsed = ZCheckinFeedEvent.safeParse(JSON.parse(message.data));
        if (!parsed.success) return;
        event = parsed.data;
      } catch {
        return;
      }
      setLive((map) => {
        const next = new Map(map);
        next.set(event.checkin.planId, { kind: event.kind, checkin: event.checkin, receivedAt: Date.now() });
        return next;
      });
      setLatest(
        tRef.current('care.alertsLive', {
          kind: tRef.current(`care.feedKinds.${event.kind}`),
          name: event.checkin.residentName,
          address: event.checkin.address.label,
        }),
      );
      if (event.kind === 'checkin_door_visit') beep();
      void queryClient.invalidateQueries({ queryKey: careKeys.all, refetchType: 'active' });
    };
    source.addEventListener('checkin', onCheckin);
    return () => {
      source.removeEventListener('checkin', onCheckin);
      source.close();
    };
  }, [queryClient]);

  // Today's list is the truth once it was fetched after the event; until then the event speaks.
  const merged = new Map<string, TCheckin>();
  for (const person of today.data?.people ?? []) {
    for (const item of person.items) merged.set(item.planId, item);
  }
  for (const [planId, item] of live) {
    if (!merged.has(planId) || item.receivedAt > today.dataUpdatedAt) merged.set(planId, item.checkin);
  }
  const items = [...merged.values()]
    .filter((checkin) => CLIMBING.has(checkin.state) || checkin.ladderStep > 0)
    .sort(
      (a, b) =>
        Number(CLIMBING.has(b.state)) - Number(CLIMBING.has(a.state)) ||
        b.ladderStep - a.ladderStep ||
        a.dueAt.localeCompare(b.dueAt),
    );

  return (
    <section
      aria-labelledby={headingId}
      data-testid="checkin-alerts"
      data-connected={connected ? 'true' : 'false'}
      style={{ marginBottom: 24 }}
    >
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.alertsHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('care.alertsIntro')}</Typography.Paragraph>
      <div className="linli-visually-hidden" role="status" aria-live="polite">
        {latest}
      </div>
      {notice ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={notice}
          closable={{ 'aria-label': t('care.cancel') }}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {today.isError ? <ErrorAlert error={today.error} onRetry={() => void today.refetch()} /> : null}
      {items.length === 0 ? (
        <Typography.Paragraph>{t('care.alertsEmpty')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {items.map((checkin) => (
            <li
              key={checkin.planId}
              className={`linli-list-item linli-readable${CLIMBING.has(checkin.state) ? ' linli-care-alarm' : ''}`}
              data-testid="checkin-alert"
              data-state={checkin.state}
            >
              <div style={{ flex: '1 1 220px' }}>
                <div className="linli-hit-name">{checkin.residentName}</div>
                <div>
                  {checkin.address.label} · {t('care.dueAt', { time: clock(checkin.dueAt) })}
                </div>
                <div className="linli-tags" style={{ marginBlock: 4 }}>
                  <CheckinStateTag state={checkin.state} />
                </div>
                {checkin.ladderStep > 0 && CLIMBING.has(checkin.state) ? (
                  <div className="linli-overdue">
                    {t(`care.ladderSteps.${Math.min(3, checkin.ladderStep)}`)}
                  </div>
                ) : null}
                {checkin.outcome ? <div>{t(`care.outcomes.${checkin.outcome}`)}</div> : null}
              </div>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                <ReadAloudButton />
                <Link
                  to={`/households/${checkin.householdId}`}
                  className="linli-button-link linli-button-secondary"
                >
                  {t('care.openHousehold')}
                  <span className="linli-visually-hidden"> {checkin.residentName}</span>
                </Link>
                {canRecord && CLIMBING.has(checkin.state) ? (
                  <Button
                    size="large"
                    danger
                    onClick={() =>
                      setOutcomeFor({ planId: checkin.planId, residentName: checkin.residentName })
                    }
                  >
                    {t('care.outcome')}
                    <span className="linli-visually-hidden"> {checkin.residentName}</span>
                  </Button>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <OutcomeDialog
        target={outcomeFor}
        onClose={(saved) => {
          setOutcomeFor(null);
          if (saved) setNotice(saved);
        }}
      />
    </section>
  );
}
