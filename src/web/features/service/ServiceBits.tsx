import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TSession } from '../../../shared/contracts/service';
import { clock } from '../../lib/format';

type SessionSummary = Omit<TSession, 'bookings' | 'signups'>;

const CST_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** Today in Beijing (`YYYY-MM-DD`): the station's days are China's, whatever the phone's zone. */
export function beijingToday(): string {
  return CST_DAY.format(new Date());
}

/** `YYYY-MM-DD` of an instant in Beijing. */
export function beijingDay(iso: string): string {
  return CST_DAY.format(new Date(iso));
}

/** A session's day and hours in Beijing: `2026-11-29 09:00–11:00`. */
export function sessionWhen(session: Pick<TSession, 'startsAt' | 'endsAt'>): string {
  return `${beijingDay(session.startsAt)} ${clock(session.startsAt)}–${clock(session.endsAt)}`;
}

/** Hours and minutes, as a volunteer counts them; a correction that takes time away shows a minus sign. */
export function hoursText(
  minutes: number,
  t: (key: string, options: Record<string, number>) => string,
): string {
  const sign = minutes < 0 ? '−' : '';
  const size = Math.abs(minutes);
  return sign + t('service.hoursMinutes', { hours: Math.floor(size / 60), minutes: size % 60 });
}

export function useServiceName() {
  const { i18n } = useTranslation();
  return (service: { nameZh: string; nameEn: string }) =>
    i18n.language === 'en' ? service.nameEn : service.nameZh;
}

/** A session that has ended is no longer "coming", nor short of anyone. */
export function sessionEnded(session: Pick<TSession, 'endsAt'>, now: number = Date.now()): boolean {
  return Date.parse(session.endsAt) <= now;
}

/** One session in a list: what, when, where, places and volunteers, a link to the session. */
export function SessionRow({
  session,
  extra,
  linked = true,
}: {
  session: SessionSummary;
  extra?: React.ReactNode;
  linked?: boolean;
}) {
  const { t } = useTranslation();
  const name = useServiceName();
  const title = (
    <span className="linli-address">
      {name(session.service)} · {sessionWhen(session)}
    </span>
  );
  return (
    <li className="linli-list-item" data-testid="service-session" data-session-id={session.id}>
      <span style={{ flex: '1 1 220px' }}>
        {linked ? (
          <Link to={`/service/sessions/${session.id}`} className="linli-list-link">
            {title}
          </Link>
        ) : (
          title
        )}
        <span>
          {session.place.kind === 'home' ? t('service.placeHome') : t('service.placeStation')} ·{' '}
          {t('service.places', { booked: session.booked, capacity: session.capacity })} ·{' '}
          {t('service.volunteersCount', { signedUp: session.signedUp, needed: session.volunteersNeeded })}
        </span>
        {session.signedUp < session.volunteersNeeded && !sessionEnded(session) ? (
          <>
            {' '}
            <Tag color="#8a5a00">
              {t('service.short', { count: session.volunteersNeeded - session.signedUp })}
            </Tag>
          </>
        ) : null}
      </span>
      {extra}
    </li>
  );
}
