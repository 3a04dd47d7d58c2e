import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { useReminders, useSessions, useShortOfVolunteers } from './api';
import { beijingToday, SessionRow, sessionEnded, sessionWhen, useServiceName } from './ServiceBits';

/** The coming month's sessions, those likely to be short of volunteers, and tomorrow's reminders. */
export function PlanningSection() {
  const { t } = useTranslation();
  const name = useServiceName();
  const upcomingId = useId();
  const shortId = useId();
  const remindId = useId();
  const today = beijingToday();
  const sessions = useSessions(today, '');
  const short = useShortOfVolunteers(7);
  const reminders = useReminders();
  // From today, but not those of today already over: an hour after it ended a session is not coming.
  const coming = sessions.data?.items.filter((s) => !sessionEnded(s)) ?? [];

  return (
    <>
      <section aria-labelledby={upcomingId} style={{ marginBottom: 24 }}>
        <Typography.Title level={2} id={upcomingId} style={{ fontSize: 24 }}>
          {t('service.upcoming')}
        </Typography.Title>
        {sessions.isPending ? (
          <Loading />
        ) : sessions.isError ? (
          <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
        ) : coming.length === 0 ? (
          <Typography.Paragraph>{t('service.noSessions')}</Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={upcomingId} data-testid="upcoming-sessions">
            {coming.map((s) => (
              <SessionRow key={s.id} session={s} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={shortId} style={{ marginBottom: 24 }}>
        <Typography.Title level={2} id={shortId} style={{ fontSize: 24 }}>
          {t('service.shortHeading')}
        </Typography.Title>
        {short.isPending ? (
          <Loading />
        ) : short.isError ? (
          <ErrorAlert error={short.error} onRetry={() => void short.refetch()} />
        ) : short.data.items.length === 0 ? (
          <Typography.Paragraph>{t('service.noneShort')}</Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={shortId} data-testid="short-sessions">
            {short.data.items.map((s) => (
              <SessionRow key={s.id} session={s} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby={remindId} style={{ marginBottom: 24 }}>
        <Typography.Title level={2} id={remindId} style={{ fontSize: 24 }}>
          {t('service.remindersHeading')}
        </Typography.Title>
        {reminders.isPending ? (
          <Loading />
        ) : reminders.isError ? (
          <ErrorAlert error={reminders.error} onRetry={() => void reminders.refetch()} />
        ) : reminders.data.items.length === 0 ? (
          <Typography.Paragraph>
            {t('service.noReminders', { date: shortDate(reminders.data.date) })}
          </Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={remindId} data-testid="reminders">
            {reminders.data.items.map((r) => (
              <li key={r.session.id} className="linli-list-item">
                <span style={{ flex: '1 1 220px' }}>
                  <strong>
                    {name(r.session.service)} · {sessionWhen(r.session)}
                  </strong>
                  <br />
                  {t('service.remindVolunteers')}：
                  {r.volunteers.length === 0
                    ? t('service.nobody')
                    : r.volunteers.map((v) => (v.phone ? `${v.name} ${v.phone}` : v.name)).join('、')}
                  <br />
                  {t('service.remindResidents')}：
                  {r.residents.length === 0
                    ? t('service.nobody')
                    : r.residents
                        .map(
                          (p) =>
                            `${p.name} ${p.address}${p.homeVisit ? `（${t('service.homeVisit')}）` : ''}`,
                        )
                        .join('、')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
