import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import type { TSession } from '../../../shared/contracts/service';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { canBookService, canRunStation } from '../../lib/roles';
import { qrPath, useMyHours, useNoShows, useSession, useSignUp } from './api';
import { BookingsSection } from './BookingsSection';
import { sessionWhen, useServiceName } from './ServiceBits';
import { VolunteersSection } from './VolunteersSection';

/** One session: the organiser books residents, checks volunteers in and out, and records who was served. */
export function SessionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { session: signIn } = useOutletContext<ShellContext>();
  const role = signIn.user.role;
  const session = useSession(id);

  return (
    <>
      <BackLink to={canRunStation(role) ? '/service' : '/service/me'}>{t('app.back')}</BackLink>
      {session.isPending ? (
        <Loading />
      ) : session.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('service.sessionHeading')}</h1>
          <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
        </>
      ) : (
        <SessionView
          session={session.data}
          canManage={canRunStation(role)}
          canBook={canBookService(role)}
          isVolunteer={role === 'volunteer'}
        />
      )}
    </>
  );
}

function SessionView({
  session,
  canManage,
  canBook,
  isVolunteer,
}: {
  session: TSession;
  canManage: boolean;
  canBook: boolean;
  isVolunteer: boolean;
}) {
  const { t } = useTranslation();
  const name = useServiceName();
  const over = Date.parse(session.endsAt) <= Date.now();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }} data-testid="session-heading">
        {name(session.service)}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {sessionWhen(session)} ·{' '}
        {session.place.kind === 'home' ? t('service.placeHome') : t('service.placeStation')}
        <br />
        {t('service.organiser', { name: session.organiser })}
        {session.note ? (
          <>
            <br />
            {session.note}
          </>
        ) : null}
      </Typography.Paragraph>
      {canManage ? <CheckinQr sessionId={session.id} /> : null}
      {isVolunteer && !over ? <SignMeUp session={session} /> : null}
      <BookingsSection session={session} canBook={canBook} canManage={canManage} />
      <VolunteersSection session={session} canManage={canManage} />
      {canManage && over ? <NoShows sessionId={session.id} /> : null}
    </>
  );
}

/** The code volunteers scan with their own phone to check themselves in and out. */
function CheckinQr({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div style={{ marginBottom: 24 }}>
      <Button size="large" aria-expanded={shown} onClick={() => setShown((s) => !s)}>
        {shown ? t('service.hideQr') : t('service.showQr')}
      </Button>
      {shown ? (
        <figure style={{ margin: '12px 0' }}>
          <img
            src={qrPath(sessionId)}
            alt={t('service.qrAlt')}
            data-testid="checkin-qr"
            style={{ width: '100%', maxWidth: 320, background: '#fff' }}
          />
          <figcaption>{t('service.qrHint')}</figcaption>
        </figure>
      ) : null}
    </div>
  );
}

function SignMeUp({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const signUp = useSignUp(session.id);
  const me = useMyHours(new Date().getFullYear());
  if (me.isPending) return null;
  if (me.isError) return <ErrorAlert error={me.error} />;
  if (session.signups.some((s) => s.volunteerId === me.data.volunteer.id)) {
    return <Typography.Paragraph>{t('service.youAreSignedUp')}</Typography.Paragraph>;
  }
  return (
    <div style={{ marginBottom: 24 }}>
      {signUp.isError ? <ErrorAlert error={signUp.error} style={{ marginBottom: 12 }} /> : null}
      <Button type="primary" size="large" loading={signUp.isPending} onClick={() => signUp.mutate(undefined)}>
        {t('service.signMeUp')}
      </Button>
    </div>
  );
}

/** After the end, everyone signed up who never came is recorded as not having come. */
function NoShows({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const noShows = useNoShows(sessionId);
  return (
    <div style={{ marginBottom: 24 }}>
      {noShows.isError ? <ErrorAlert error={noShows.error} style={{ marginBottom: 12 }} /> : null}
      <Button size="large" loading={noShows.isPending} onClick={() => noShows.mutate()}>
        {t('service.recordNoShows')}
      </Button>
      {noShows.isSuccess ? <span role="status"> {t('service.noShowsRecorded')}</span> : null}
    </div>
  );
}
