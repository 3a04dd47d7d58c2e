import { Button, Flex, Form, InputNumber, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BackLink } from '../../components/BackLink';
import { useCommunityChoice } from '../../components/CommunityPicker';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useCoverage } from './api';

const DEFAULT_LIMIT = 30;
const SHOWN_WITHOUT_LEADER = 100;

/** Where the chain has holes: the four coverage checks of issue 3. */
export function CoveragePage() {
  const { t } = useTranslation();
  const { communityId, picker } = useCommunityChoice();
  const [draft, setDraft] = useState<number>(DEFAULT_LIMIT);
  const [limit, setLimit] = useState<number>(DEFAULT_LIMIT);
  const coverage = useCoverage(communityId, limit);
  const limitId = useId();
  const ids = { noLeader: useId(), overloaded: useId(), vacant: useId(), twoTiers: useId() };

  return (
    <>
      <BackLink to="/chain">{t('position.back')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('coverage.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('coverage.intro')}</Typography.Paragraph>
      {picker}
      <Form layout="vertical" onFinish={() => setLimit(draft)}>
        <Form.Item label={t('coverage.limitLabel')} htmlFor={limitId}>
          <Flex gap={8}>
            <InputNumber
              id={limitId}
              size="large"
              min={1}
              max={500}
              precision={0}
              value={draft}
              onChange={(value) => setDraft(typeof value === 'number' ? value : DEFAULT_LIMIT)}
              style={{ width: 120 }}
              inputMode="numeric"
            />
            <Button type="primary" size="large" htmlType="submit">
              {t('coverage.apply')}
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      {coverage.isPending ? (
        <Loading />
      ) : coverage.isError ? (
        <ErrorAlert error={coverage.error} onRetry={() => void coverage.refetch()} />
      ) : (
        <>
          <section aria-labelledby={ids.noLeader}>
            <Typography.Title level={2} id={ids.noLeader} style={{ fontSize: 24 }}>
              {t('coverage.noLeaderHeading', { count: coverage.data.householdsWithoutLeader.length })}
            </Typography.Title>
            {coverage.data.householdsWithoutLeader.length === 0 ? (
              <Typography.Paragraph>{t('coverage.none')}</Typography.Paragraph>
            ) : (
              <>
                <ul className="linli-chips" aria-labelledby={ids.noLeader}>
                  {coverage.data.householdsWithoutLeader.slice(0, SHOWN_WITHOUT_LEADER).map((household) => (
                    <li key={household.householdId}>
                      <Link to={`/households/${household.householdId}`} className="linli-chip">
                        {household.address.label}
                      </Link>
                    </li>
                  ))}
                </ul>
                {coverage.data.householdsWithoutLeader.length > SHOWN_WITHOUT_LEADER ? (
                  <Typography.Paragraph>
                    {t('coverage.moreNotShown', {
                      count: coverage.data.householdsWithoutLeader.length - SHOWN_WITHOUT_LEADER,
                    })}
                  </Typography.Paragraph>
                ) : null}
              </>
            )}
          </section>

          <section aria-labelledby={ids.overloaded}>
            <Typography.Title level={2} id={ids.overloaded} style={{ fontSize: 24 }}>
              {t('coverage.overloadedHeading', {
                limit: coverage.data.limit,
                count: coverage.data.overloadedLeaders.length,
              })}
            </Typography.Title>
            {coverage.data.overloadedLeaders.length === 0 ? (
              <Typography.Paragraph>{t('coverage.none')}</Typography.Paragraph>
            ) : (
              <ul className="linli-list" aria-labelledby={ids.overloaded}>
                {coverage.data.overloadedLeaders.map((leader) => (
                  <li key={leader.positionId} className="linli-list-item">
                    <Link to={`/chain/positions/${leader.positionId}`} className="linli-strong-link">
                      {leader.personName}
                    </Link>
                    <span>{t('coverage.households', { count: leader.households })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby={ids.vacant}>
            <Typography.Title level={2} id={ids.vacant} style={{ fontSize: 24 }}>
              {t('coverage.vacantHeading', { count: coverage.data.vacantParents.length })}
            </Typography.Title>
            {coverage.data.vacantParents.length === 0 ? (
              <Typography.Paragraph>{t('coverage.none')}</Typography.Paragraph>
            ) : (
              <ul className="linli-list" aria-labelledby={ids.vacant}>
                {coverage.data.vacantParents.map((position) => (
                  <li key={position.positionId} className="linli-list-item">
                    <span>
                      <span className="linli-stat-label">{t(`tiers.${position.tier}`)}</span>
                      <br />
                      <Link to={`/chain/positions/${position.positionId}`} className="linli-strong-link">
                        {position.personName}
                      </Link>
                    </span>
                    <span>{t(`coverage.reason.${position.reason}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby={ids.twoTiers}>
            <Typography.Title level={2} id={ids.twoTiers} style={{ fontSize: 24 }}>
              {t('coverage.twoTiersHeading', { count: coverage.data.personsInTwoTiers.length })}
            </Typography.Title>
            {coverage.data.personsInTwoTiers.length === 0 ? (
              <Typography.Paragraph>{t('coverage.none')}</Typography.Paragraph>
            ) : (
              <ul className="linli-list" aria-labelledby={ids.twoTiers}>
                {coverage.data.personsInTwoTiers.map((person) => (
                  <li key={`${person.personName}-${person.phone ?? ''}`} className="linli-list-item">
                    <span>
                      <strong style={{ fontSize: 20 }}>{person.personName}</strong>
                      <br />
                      {person.tiers.map((tier) => t(`tiers.${tier}`)).join('、')}
                    </span>
                    {person.phone ? (
                      <a className="linli-tel" href={`tel:${person.phone}`}>
                        <span aria-hidden="true">☎&nbsp;</span>
                        {person.phone}
                      </a>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}
