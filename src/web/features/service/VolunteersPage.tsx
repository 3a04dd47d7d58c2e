import { Button, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useCreateVolunteer, useVolunteers } from './api';
import { hoursText } from './ServiceBits';
import { VolunteerFields } from './VolunteerFields';

/** All the station's volunteers (workers and the committee), each leading to their hours; a new one is added here. */
export function VolunteersPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const volunteers = useVolunteers();

  return (
    <>
      <BackLink to="/service">{t('service.stationHeading')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('service.allVolunteers')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('service.allVolunteersHint')}</Typography.Paragraph>
      {volunteers.isPending ? (
        <Loading />
      ) : volunteers.isError ? (
        <ErrorAlert error={volunteers.error} onRetry={() => void volunteers.refetch()} />
      ) : volunteers.data.items.length === 0 ? (
        <Typography.Paragraph>{t('service.noVolunteersYet')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId} data-testid="volunteers">
          {volunteers.data.items.map((v) => (
            <li key={v.id} className="linli-list-item" data-testid="volunteer" data-volunteer-id={v.id}>
              <Link to={`/service/volunteers/${v.id}`} className="linli-list-link">
                <span className="linli-address">{v.name}</span>
                <span data-testid="volunteer-year-hours" data-minutes={v.yearMinutes}>
                  {t('service.yearHours', { year: volunteers.data.year, hours: hoursText(v.yearMinutes, t) })}
                </span>
              </Link>
              {/* Beside the link, not inside it: one tap calls, the other opens the record. */}
              {v.phone ? (
                <a href={`tel:${v.phone}`} className="linli-tel">
                  {v.phone}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <NewVolunteer />
    </>
  );
}

/** Registers someone new as a volunteer of the station, without signing them up for a session. */
function NewVolunteer() {
  const { t } = useTranslation();
  const create = useCreateVolunteer();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');

  return (
    <section className="linli-subform" style={{ marginTop: 24 }} aria-labelledby="new-volunteer-heading">
      <h2 id="new-volunteer-heading" className="linli-subheading">
        {t('service.registerVolunteerHeading')}
      </h2>
      {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 12 }} /> : null}
      {create.isSuccess ? (
        <p role="status" style={{ fontSize: 18 }}>
          {t('service.volunteerRegistered', { name: create.data.name })}{' '}
          <Link to={`/service/volunteers/${create.data.id}`}>{t('service.seeHours')}</Link>
        </p>
      ) : null}
      <VolunteerFields
        idPrefix="register-volunteer"
        name={name}
        phone={phone}
        onName={setName}
        onPhone={setPhone}
      />
      <Button
        type="primary"
        size="large"
        disabled={!name.trim()}
        loading={create.isPending}
        onClick={() =>
          create.mutate(
            { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) },
            {
              onSuccess: () => {
                setName('');
                setPhone('');
              },
            },
          )
        }
      >
        {t('service.registerVolunteer')}
      </Button>
    </section>
  );
}
