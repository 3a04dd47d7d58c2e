import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '../../shared/roles';
import { careKeys } from '../features/care/api';
import { reportKeys, useCatalogue } from '../features/reports/api';
import { roundKeys } from '../features/round/keys';
import { dateTime } from '../lib/dates';
import {
  dismissRefused,
  dismissSent,
  flushOutbox,
  onSent,
  type PendingItem,
  type SentItem,
  startOutbox,
  useOutbox,
} from '../lib/outbox';
import { canCreateReports } from '../lib/roles';
import { AlertBox } from './ErrorAlert';

/**
 * Mounted once for a signed-in user: sends what waits, now and whenever the connection returns, and keeps
 * the report catalogue on the device so the form opens with no signal.
 */
export function OutboxSender({ role }: { role: Role }) {
  const queryClient = useQueryClient();
  useCatalogue(canCreateReports(role));
  useEffect(() => {
    const stop = startOutbox();
    const unsubscribe = onSent((item) => {
      const queryKey =
        item.kind === 'report' ? reportKeys.all : item.kind === 'round_door' ? roundKeys.all : careKeys.all;
      void queryClient.invalidateQueries({ queryKey, refetchType: 'active' });
    });
    return () => {
      unsubscribe();
      stop();
    };
  }, [queryClient]);
  return null;
}

function subscribeOnline(callback: () => void) {
  window.addEventListener('online', callback);
  window.addEventListener('offline', callback);
  return () => {
    window.removeEventListener('online', callback);
    window.removeEventListener('offline', callback);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

/** What the entry is, in the words the person used: "报告 · 3-2-401" or "签到 · 王秀英 · 3-2-401". */
function useTitleOf() {
  const { t } = useTranslation();
  return (item: Pick<PendingItem, 'kind' | 'label'> | SentItem): string =>
    'category' in item.label
      ? `${item.label.category} · ${item.label.place}`
      : [t(`outbox.kinds.${item.kind}`), item.label.residentName, item.label.place]
          .filter(Boolean)
          .join(' · ');
}

/** The detail that tells two entries for the same person apart: how the check-in was made, the outcome. */
function useDetailOf() {
  const { t } = useTranslation();
  return (item: PendingItem): string | null => {
    if (item.kind === 'report') return item.label.onBehalfOf;
    if (item.kind === 'checkin') return t(`care.ways.${item.body.way}`);
    if (item.kind === 'checkin_outcome') return t(`care.outcomes.${item.body.outcome}`);
    if (item.kind === 'round_door') return t(`round.outcomes.${item.body.outcome}`);
    return item.body.visitedAt ? t('outbox.visitedAt', { time: dateTime(item.body.visitedAt) }) : null;
  };
}

/** The small count in the header; shown only while something waits. */
export function OutboxIndicator() {
  const { t } = useTranslation();
  const { waiting } = useOutbox();
  if (waiting.length === 0) return null;
  return (
    <Link to="/reports/waiting" className="linli-outbox-indicator" data-testid="outbox-indicator">
      <span aria-hidden="true">⇪&nbsp;</span>
      {t('outbox.indicator', { count: waiting.length })}
    </Link>
  );
}

/** What waits on this phone, what was just sent and what the server refused. */
export function OutboxList({ showEmpty = false }: { showEmpty?: boolean }) {
  const { t } = useTranslation();
  const { waiting, refused, sent, sending } = useOutbox();
  const online = useOnline();
  const titleOf = useTitleOf();
  const detailOf = useDetailOf();
  const waitingId = useId();
  const sentId = useId();
  const refusedId = useId();
  if (!showEmpty && waiting.length === 0 && refused.length === 0 && sent.length === 0) return null;

  return (
    <div className="linli-outbox" data-testid="outbox">
      <section aria-labelledby={waitingId}>
        <h2 id={waitingId} className="linli-h2">
          {t('outbox.heading')}
        </h2>
        {waiting.length === 0 ? (
          <p className="linli-p" data-testid="outbox-empty">
            {t('outbox.empty')}
          </p>
        ) : (
          <>
            <p className="linli-p">{online ? t('outbox.intro') : t('outbox.offline')}</p>
            <ul className="linli-list" aria-labelledby={waitingId}>
              {waiting.map((item) => (
                <li
                  key={item.key}
                  className="linli-list-item linli-waiting"
                  data-testid="outbox-waiting"
                  data-kind={item.kind}
                >
                  <span style={{ flex: '1 1 220px' }}>
                    <strong style={{ fontSize: 20 }}>{titleOf(item)}</strong>
                    {detailOf(item) ? <> · {detailOf(item)}</> : null}
                    <br />
                    <span className="linli-stat-label">
                      {t('outbox.savedAt', { time: dateTime(item.savedAt) })}
                      {item.attempts > 0 ? ` · ${t('outbox.attempts', { count: item.attempts })}` : ''}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="linli-button linli-button-lg"
              style={{ marginTop: 12 }}
              disabled={sending}
              aria-busy={sending}
              onClick={() => void flushOutbox()}
            >
              {t('outbox.sendNow')}
            </button>
          </>
        )}
      </section>

      {refused.length > 0 ? (
        <section aria-labelledby={refusedId}>
          <h3 id={refusedId} className="linli-h3">
            {t('outbox.refusedHeading')}
          </h3>
          <ul className="linli-list" aria-labelledby={refusedId}>
            {refused.map((item) => (
              <li key={item.key} className="linli-list-item" data-testid="outbox-refused">
                <AlertBox
                  tone="error"
                  style={{ width: '100%' }}
                  title={titleOf(item)}
                  action={
                    <button type="button" className="linli-button" onClick={() => dismissRefused(item.key)}>
                      {t('outbox.dismiss')}
                    </button>
                  }
                >
                  <div>{t('outbox.refusedReason', { message: item.message || t('errors.unknown') })}</div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>
                    {item.kind === 'report'
                      ? item.body.description
                      : item.kind === 'round_door'
                        ? (item.body.said ?? detailOf(item))
                        : (item.body.note ?? detailOf(item))}
                  </div>
                </AlertBox>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {sent.length > 0 ? (
        <section aria-labelledby={sentId}>
          <h3 id={sentId} className="linli-h3">
            {t('outbox.sentHeading')}
          </h3>
          <ul className="linli-list" aria-labelledby={sentId}>
            {sent.map((item) => (
              <li key={item.key} className="linli-list-item" data-testid="outbox-sent" data-kind={item.kind}>
                <span style={{ flex: '1 1 200px' }}>
                  <span className="linli-sent-mark">✓ {t('outbox.sent')}</span>{' '}
                  <strong>{titleOf(item)}</strong>
                </span>
                <Link to={item.link} className="linli-button-link">
                  {t('outbox.view')}
                </Link>
                <button type="button" className="linli-button" onClick={() => dismissSent(item.key)}>
                  {t('outbox.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
