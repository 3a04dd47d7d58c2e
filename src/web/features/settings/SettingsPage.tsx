import { Alert, Button, Flex, Switch, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import { PUSH_KINDS, type PushKind } from '../../../shared/contracts/push';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { currentSubscription, pushUnsupported } from '../../lib/push';
import { useChangePushSettings, useForgetThisPhone, usePushSettings, useSubscribeThisPhone } from './api';

/** A person's reminders: whether this phone receives them, and which kinds they want. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = usePushSettings();
  const change = useChangePushSettings();
  const kindsHeading = useId();
  // Emergencies go to the committee; the other kinds to whoever is named.
  const { role } = useOutletContext<ShellContext>().session.user;
  return (
    <>
      <BackLink to="/">{t('app.back')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }}>
        {t('settings.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('settings.intro')}</Typography.Paragraph>
      <ThisPhone />
      <section aria-labelledby={kindsHeading} style={{ marginTop: 24 }}>
        <Typography.Title level={2} id={kindsHeading} style={{ fontSize: 22 }}>
          {t('settings.kindsHeading')}
        </Typography.Title>
        {settings.isError ? (
          <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
        ) : null}
        {settings.data ? (
          <ul className="linli-list" data-testid="push-kinds">
            {PUSH_KINDS.filter((kind) => kind !== 'emergency_report' || role === 'committee').map((kind) => (
              <KindSwitch
                key={kind}
                kind={kind}
                checked={settings.data.kinds[kind]}
                saving={change.isPending && change.variables?.[kind] !== undefined}
                onChange={(on) => change.mutate({ [kind]: on })}
              />
            ))}
          </ul>
        ) : settings.isPending ? (
          <Loading />
        ) : null}
        {change.isError ? <ErrorAlert error={change.error} /> : null}
        {settings.data ? (
          <Typography.Paragraph>
            {t('settings.devices', { count: settings.data.devices })}
          </Typography.Paragraph>
        ) : null}
      </section>
    </>
  );
}

function KindSwitch({
  kind,
  checked,
  saving,
  onChange,
}: {
  kind: PushKind;
  checked: boolean;
  saving: boolean;
  onChange: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const label = useId();
  return (
    <li className="linli-list-item">
      <Flex justify="space-between" align="center" gap={12} style={{ width: '100%' }}>
        <span id={label} style={{ fontSize: 20 }}>
          {t(`settings.kinds.${kind}`)}
        </span>
        <Switch
          aria-labelledby={label}
          checked={checked}
          loading={saving}
          onChange={onChange}
          className="linli-big-switch"
          data-testid={`push-kind-${kind}`}
        />
      </Flex>
    </li>
  );
}

function ThisPhone() {
  const { t } = useTranslation();
  const subscribe = useSubscribeThisPhone();
  const forget = useForgetThisPhone();
  const [subscribed, setSubscribed] = useState<boolean | null>(null);
  const unsupported = pushUnsupported();
  useEffect(() => {
    void currentSubscription().then((s) => setSubscribed(!!s));
  }, []);
  if (unsupported === 'no_support') {
    return <Alert type="info" showIcon title={t('settings.noSupport')} data-testid="push-unsupported" />;
  }
  const failure = subscribe.error
    ? subscribe.error.message === 'denied' || pushUnsupported() === 'denied'
      ? t('settings.denied')
      : t('settings.failed', { message: subscribe.error.message })
    : null;
  const on = subscribed || subscribe.isSuccess;
  return (
    <section className="linli-list-item" data-testid="push-this-phone">
      <Typography.Paragraph strong style={{ fontSize: 20 }}>
        {on ? t('settings.on') : t('settings.off')}
      </Typography.Paragraph>
      {unsupported === 'denied' ? <Alert type="warning" showIcon title={t('settings.denied')} /> : null}
      {failure ? (
        <Alert type="error" role="alert" showIcon title={failure} style={{ marginBottom: 12 }} />
      ) : null}
      {on ? (
        <Button
          size="large"
          block
          loading={forget.isPending}
          onClick={() =>
            forget.mutate(undefined, {
              onSuccess: () => {
                setSubscribed(false);
                subscribe.reset();
              },
            })
          }
        >
          {t('settings.turnOff')}
        </Button>
      ) : (
        <Button
          type="primary"
          size="large"
          block
          loading={subscribe.isPending}
          disabled={unsupported === 'denied'}
          onClick={() => subscribe.mutate()}
        >
          {t('settings.turnOn')}
        </Button>
      )}
    </section>
  );
}
