import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { clock } from '../../lib/format';
import { useCheck, useMyHours, useSession } from './api';
import { beijingToday, sessionWhen, useServiceName } from './ServiceBits';

/**
 * Where the organiser's QR code leads: the volunteer checks in with the code it carries, and checks out
 * by scanning it again when leaving.
 */
export function CheckinPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const { t } = useTranslation();
  const name = useServiceName();
  const session = useSession(id);
  const me = useMyHours(Number(beijingToday().slice(0, 4)));
  const check = useCheck(id);

  if (session.isPending || me.isPending) return <Loading />;
  if (session.isError || me.isError) {
    return (
      <>
        <h1 className="linli-visually-hidden">{t('service.checkinHeading')}</h1>
        <ErrorAlert error={session.error ?? me.error} />
      </>
    );
  }
  const mine = session.data.signups.find((s) => s.volunteerId === me.data.volunteer.id);
  const direction = mine?.checkedInAt ? 'checkout' : 'checkin';
  return (
    <>
      <BackLink to="/service/me">{t('service.volunteerHeading')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }}>
        {t('service.checkinHeading')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {name(session.data.service)} · {sessionWhen(session.data)}
      </Typography.Paragraph>
      {check.isError ? <ErrorAlert error={check.error} style={{ marginBottom: 12 }} /> : null}
      {mine?.checkedOutAt ? (
        <Typography.Paragraph role="status" style={{ fontSize: 22 }}>
          {t('service.checkedOut', { from: clock(mine.checkedInAt ?? ''), to: clock(mine.checkedOutAt) })}
        </Typography.Paragraph>
      ) : (
        <>
          {mine?.checkedInAt ? (
            <Typography.Paragraph role="status" style={{ fontSize: 22 }}>
              {t('service.checkedIn', { at: clock(mine.checkedInAt) })}
            </Typography.Paragraph>
          ) : null}
          <Button
            type="primary"
            size="large"
            block
            loading={check.isPending}
            onClick={() => check.mutate({ direction, code })}
            style={{ height: 72, fontSize: 24 }}
          >
            {direction === 'checkin' ? t('service.checkInMe') : t('service.checkOutMe')}
          </Button>
        </>
      )}
    </>
  );
}
