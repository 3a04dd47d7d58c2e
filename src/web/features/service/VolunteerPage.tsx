import { Button, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { THours } from '../../../shared/contracts/service';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { isApiError } from '../../lib/api';
import { useMyHours, useMySessions, useSignUp } from './api';
import { HoursByMonth } from './HoursByMonth';
import { beijingToday, hoursText, SessionRow } from './ServiceBits';

/** "When and where am I needed?": my next sessions, open ones to sign up for, my hours this year. */
export function VolunteerPage() {
  const { t } = useTranslation();
  const year = Number(beijingToday().slice(0, 4));
  const me = useMyHours(year);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('service.volunteerHeading')}
      </Typography.Title>
      {me.isPending ? (
        <Loading />
      ) : me.isError ? (
        isApiError(me.error) && me.error.code === 'service.not_a_volunteer' ? (
          <Typography.Paragraph>{t('service.notRegistered')}</Typography.Paragraph>
        ) : (
          <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
        )
      ) : (
        <>
          <MySessions />
          <Typography.Paragraph style={{ fontSize: 20 }}>{t('service.scanHint')}</Typography.Paragraph>
          <MyHours hours={me.data} />
        </>
      )}
    </>
  );
}

function MySessions() {
  const { t } = useTranslation();
  const mineId = useId();
  const openId = useId();
  const sessions = useMySessions(beijingToday());

  if (sessions.isPending) return <Loading />;
  if (sessions.isError) return <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const { mine, open } = sessions.data;

  return (
    <>
      <section aria-labelledby={mineId} style={{ marginBottom: 24 }}>
        <Typography.Title level={2} id={mineId} style={{ fontSize: 24 }}>
          {t('service.mySessions')}
        </Typography.Title>
        {mine.length === 0 ? <Typography.Paragraph>{t('service.noMySessions')}</Typography.Paragraph> : null}
        <ul className="linli-list" aria-labelledby={mineId} data-testid="my-sessions">
          {mine.map((s) => (
            <SessionRow key={s.id} session={s} />
          ))}
        </ul>
      </section>
      <section aria-labelledby={openId} style={{ marginBottom: 24 }}>
        <Typography.Title level={2} id={openId} style={{ fontSize: 24 }}>
          {t('service.openSessions')}
        </Typography.Title>
        {open.length === 0 ? (
          <Typography.Paragraph>{t('service.noOpenSessions')}</Typography.Paragraph>
        ) : null}
        <ul className="linli-list" aria-labelledby={openId} data-testid="open-sessions">
          {open.map((s) => (
            <SessionRow key={s.id} session={s} extra={<SignUpButton sessionId={s.id} />} />
          ))}
        </ul>
      </section>
    </>
  );
}

function SignUpButton({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const signUp = useSignUp(sessionId);
  return (
    <>
      <Button type="primary" size="large" loading={signUp.isPending} onClick={() => signUp.mutate(undefined)}>
        {t('service.signMeUp')}
      </Button>
      {signUp.isError ? <ErrorAlert error={signUp.error} style={{ width: '100%' }} /> : null}
    </>
  );
}

function MyHours({ hours }: { hours: THours }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.myHours', { year: hours.year })}
      </Typography.Title>
      <div className="linli-stat-value" data-testid="my-hours-total">
        {hoursText(hours.totalMinutes, t)}
      </div>
      <HoursByMonth hours={hours} testId="my-hours-months" />
    </section>
  );
}
