import { Card, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { THousehold } from '../../shared/contracts/registry';
import { useHousehold } from '../api/queries';
import { CareTags } from '../components/CareTags';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';

export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const household = useHousehold(id);

  return (
    <>
      <Link to="/households" className="linli-back">
        ← {t('households.heading')}
      </Link>
      {household.isPending ? (
        <Loading />
      ) : household.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('households.heading')}</h1>
          <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />
        </>
      ) : (
        <HouseholdDetail household={household.data} />
      )}
    </>
  );
}

function HouseholdDetail({ household }: { household: THousehold }) {
  const { t } = useTranslation();
  const membersId = useId();
  const liaisonId = useId();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('households.detailHeading', { label: household.address.label })}
      </Typography.Title>
      <CareTags tags={household.careTags} />

      <section aria-labelledby={liaisonId}>
        <Typography.Title level={2} id={liaisonId} style={{ fontSize: 24 }}>
          {t('households.liaisonHeading')}
        </Typography.Title>
        {household.liaisonPath.length === 0 ? (
          <Typography.Paragraph>{t('households.noLiaison')}</Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph>{t('households.liaisonIntro')}</Typography.Paragraph>
            <ol className="linli-list" aria-labelledby={liaisonId}>
              {household.liaisonPath.map((contact) => (
                <li key={`${contact.tier}-${contact.name}`} className="linli-list-item">
                  <span>
                    <span className="linli-stat-label">{t(`tiers.${contact.tier}`)}</span>
                    <br />
                    <strong style={{ fontSize: 20 }}>{contact.name}</strong>
                  </span>
                  {contact.phone ? (
                    <a className="linli-button-link" href={`tel:${contact.phone}`}>
                      <span className="linli-visually-hidden">
                        {t('households.call', { name: contact.name })}{' '}
                      </span>
                      <span aria-hidden="true">☎&nbsp;</span>
                      {contact.phone}
                    </a>
                  ) : (
                    <span>{t('households.noPhone')}</span>
                  )}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      <section aria-labelledby={membersId}>
        <Typography.Title level={2} id={membersId} style={{ fontSize: 24 }}>
          {t('households.membersHeading')}
        </Typography.Title>
        <ul className="linli-list" aria-labelledby={membersId}>
          {household.members.map((member) => (
            <li key={member.id}>
              <Card size="small">
                <strong style={{ fontSize: 22 }}>{member.name}</strong>
                <div>
                  {t(`households.${member.gender}`)}
                  {member.age !== null ? ` · ${t('households.age', { age: member.age })}` : ''}
                  {member.relation ? ` · ${t('households.relation', { relation: member.relation })}` : ''}
                </div>
                <CareTags tags={member.careTags} />
                {member.phone ? (
                  <div>
                    <a className="linli-tel" href={`tel:${member.phone}`}>
                      ☎ {member.phone}
                    </a>
                  </div>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
