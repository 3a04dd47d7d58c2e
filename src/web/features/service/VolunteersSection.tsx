import { Button, Flex, Form, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSession } from '../../../shared/contracts/service';
import { ErrorAlert } from '../../components/ErrorAlert';
import { clock } from '../../lib/format';
import { useCheck, useCreateVolunteer, useSignUp, useVolunteers } from './api';
import { VolunteerFields } from './VolunteerFields';

/** The volunteers signed up, with the organiser's own check-in and check-out list. */
export function VolunteersSection({ session, canManage }: { session: TSession; canManage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const check = useCheck(session.id);

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.volunteersHeading', { signedUp: session.signedUp, needed: session.volunteersNeeded })}
      </Typography.Title>
      {check.isError ? <ErrorAlert error={check.error} style={{ marginBottom: 12 }} /> : null}
      {session.signups.length === 0 ? (
        <Typography.Paragraph>{t('service.noVolunteers')}</Typography.Paragraph>
      ) : null}
      <ul className="linli-list" aria-labelledby={headingId} data-testid="signups">
        {session.signups.map((s) => {
          const state = s.checkedOutAt ? 'out' : s.checkedInAt ? 'in' : s.noShow ? 'no_show' : 'signed_up';
          return (
            <li key={s.id} className="linli-list-item" data-testid="signup" data-state={state}>
              <span style={{ flex: '1 1 200px' }}>
                <strong style={{ fontSize: 20 }}>{s.name}</strong>
                {s.phone ? (
                  <>
                    {' '}
                    · <a href={`tel:${s.phone}`}>{s.phone}</a>
                  </>
                ) : null}
                <br />
                {state === 'out'
                  ? t('service.checkedOut', {
                      from: clock(s.checkedInAt ?? ''),
                      to: clock(s.checkedOutAt ?? ''),
                    })
                  : state === 'in'
                    ? t('service.checkedIn', { at: clock(s.checkedInAt ?? '') })
                    : state === 'no_show'
                      ? t('service.noShow')
                      : t('service.signedUp')}
              </span>
              {canManage && state === 'signed_up' ? (
                <Button
                  type="primary"
                  size="large"
                  loading={check.isPending}
                  onClick={() => check.mutate({ direction: 'checkin', volunteerId: s.volunteerId })}
                >
                  {t('service.checkIn')}
                  <span className="linli-visually-hidden"> {s.name}</span>
                </Button>
              ) : null}
              {canManage && state === 'in' ? (
                <Button
                  type="primary"
                  size="large"
                  loading={check.isPending}
                  onClick={() => check.mutate({ direction: 'checkout', volunteerId: s.volunteerId })}
                >
                  {t('service.checkOut')}
                  <span className="linli-visually-hidden"> {s.name}</span>
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {canManage && Date.parse(session.endsAt) > Date.now() ? <AddVolunteer session={session} /> : null}
    </section>
  );
}

/** The organiser signs up a known volunteer, or someone new who turned up to help. */
function AddVolunteer({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const volunteers = useVolunteers();
  const signUp = useSignUp(session.id);
  const create = useCreateVolunteer();
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const signedUp = new Set(session.signups.map((s) => s.volunteerId));
  const choices = (volunteers.data?.items ?? []).filter((v) => !signedUp.has(v.id));
  const failed = signUp.error ?? create.error;

  return (
    <div className="linli-subform" style={{ marginTop: 16 }}>
      <h3 className="linli-subheading">{t('service.addVolunteerHeading')}</h3>
      {failed ? <ErrorAlert error={failed} style={{ marginBottom: 12 }} /> : null}
      {choices.length > 0 ? (
        <Flex gap={8} wrap align="end" style={{ marginBottom: 12 }}>
          <Form layout="vertical" component="div" style={{ flex: '1 1 200px' }}>
            <Form.Item
              label={t('service.knownVolunteer')}
              htmlFor="signup-volunteer"
              style={{ marginBottom: 0 }}
            >
              <select
                id="signup-volunteer"
                className="linli-input"
                value={chosen}
                onChange={(e) => setChosen(e.target.value)}
                style={{ minHeight: 48, fontSize: 18, width: '100%' }}
              >
                <option value="">{t('service.chooseVolunteer')}</option>
                {choices.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.phone ? `${v.name} ${v.phone}` : v.name}
                  </option>
                ))}
              </select>
            </Form.Item>
          </Form>
          <Button
            size="large"
            disabled={!chosen}
            loading={signUp.isPending}
            onClick={() => signUp.mutate(chosen, { onSuccess: () => setChosen('') })}
          >
            {t('service.signUpVolunteer')}
          </Button>
        </Flex>
      ) : null}
      <VolunteerFields
        idPrefix="new-volunteer"
        name={name}
        phone={phone}
        onName={setName}
        onPhone={setPhone}
      />
      <Button
        size="large"
        disabled={!name.trim()}
        loading={create.isPending || signUp.isPending}
        onClick={() =>
          create.mutate(
            { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) },
            {
              onSuccess: (volunteer) =>
                signUp.mutate(volunteer.id, {
                  onSuccess: () => {
                    setName('');
                    setPhone('');
                  },
                }),
            },
          )
        }
      >
        {t('service.addAndSignUp')}
      </Button>
    </div>
  );
}
