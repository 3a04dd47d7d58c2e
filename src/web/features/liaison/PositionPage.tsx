import { Alert, Button, Card, Flex, Form, Popconfirm, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router';
import type { TPositionDetail } from '../../../shared/contracts/liaison';
import { TIERS } from '../../../shared/roles';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate, todayIso } from '../../lib/dates';
import { useLiaisonTree } from '../../lib/queries';
import { canWriteRegister } from '../../lib/roles';
import { flattenTree, nodesOfTier } from '../../lib/tree';
import { useEndPosition, usePosition, useReassignPosition } from './api';

export function PositionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const position = usePosition(id);
  return (
    <>
      <BackLink to="/chain">{t('position.back')}</BackLink>
      {position.isPending ? (
        <Loading />
      ) : position.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('chain.heading')}</h1>
          <ErrorAlert error={position.error} onRetry={() => void position.refetch()} />
        </>
      ) : (
        <PositionDetail position={position.data} />
      )}
    </>
  );
}

function PositionDetail({ position }: { position: TPositionDetail }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const parentsId = useId();
  const householdsId = useId();
  const period = (from: string, to: string | null) =>
    t('position.period', { from: shortDate(from), to: to ? shortDate(to) : t('position.toNow') });

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }} data-testid="position-heading">
        {t('position.heading', { tier: t(`tiers.${position.tier}`), name: position.personName })}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div>{t('position.serving', { period: period(position.validFrom, position.validTo) })}</div>
        {position.phone ? (
          <a className="linli-button-link" href={`tel:${position.phone}`} style={{ marginTop: 8 }}>
            <span className="linli-visually-hidden">
              {t('position.call', { name: position.personName })}{' '}
            </span>
            <span aria-hidden="true">☎&nbsp;</span>
            {position.phone}
          </a>
        ) : (
          <div>{t('position.noPhone')}</div>
        )}
      </Card>

      <section aria-labelledby={parentsId}>
        <Typography.Title level={2} id={parentsId} style={{ fontSize: 24 }}>
          {t('position.parentsHeading')}
        </Typography.Title>
        {position.parents.length === 0 ? (
          <Typography.Paragraph>{t('position.noParents')}</Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={parentsId}>
            {position.parents.map((parent) => (
              <li key={`${parent.positionId}-${parent.validFrom}`} className="linli-list-item">
                <span>
                  <span className="linli-stat-label">{t(`tiers.${parent.tier}`)}</span>
                  <br />
                  <Link to={`/chain/positions/${parent.positionId}`} className="linli-strong-link">
                    {parent.personName}
                  </Link>
                </span>
                <span>{period(parent.validFrom, parent.validTo)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Children position={position} />

      <section aria-labelledby={householdsId}>
        <Typography.Title level={2} id={householdsId} style={{ fontSize: 24 }}>
          {t('position.householdsHeading')}
        </Typography.Title>
        {position.households.length === 0 ? (
          <Typography.Paragraph>{t('position.noHouseholds')}</Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={householdsId}>
            {position.households.map((household) => (
              <li key={`${household.householdId}-${household.validFrom}`} className="linli-list-item">
                <Link to={`/households/${household.householdId}`} className="linli-list-link">
                  <span className="linli-address">{household.address.label}</span>
                  <span>{period(household.validFrom, household.validTo)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canWriteRegister(session.user.role) && position.validTo === null ? (
        <ManagePosition position={position} />
      ) : null}
    </>
  );
}

function ManagePosition({ position }: { position: TPositionDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const tierAbove = TIERS[TIERS.indexOf(position.tier) - 1];
  const tree = useLiaisonTree(position.communityId, tierAbove !== undefined);
  const reassign = useReassignPosition();
  const end = useEndPosition();
  const [parentId, setParentId] = useState<string | undefined>();
  const [validFrom, setValidFrom] = useState(todayIso());
  const [validTo, setValidTo] = useState(todayIso());
  const [done, setDone] = useState(false);
  const parents = tree.data && tierAbove ? nodesOfTier(tree.data.roots, tierAbove) : [];

  return (
    <section aria-labelledby={headingId} style={{ marginTop: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('position.manageHeading')}
      </Typography.Title>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('position.done')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {reassign.isError || end.isError ? (
        <ErrorAlert error={reassign.error ?? end.error} style={{ marginBottom: 12 }} />
      ) : null}
      {tierAbove ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form
            layout="vertical"
            onFinish={() => {
              if (!parentId) return;
              reassign.mutate(
                { id: position.positionId, parentId, validFrom },
                { onSuccess: () => setDone(true) },
              );
            }}
          >
            <Form.Item label={t('position.newParent')} htmlFor="position-parent">
              <Select
                id="position-parent"
                size="large"
                showSearch={{ optionFilterProp: 'label' }}
                loading={tree.isPending}
                value={parentId}
                onChange={(value: string) => setParentId(value)}
                options={parents
                  .filter(
                    (node) =>
                      node.positionId !== position.parents.find((p) => p.validTo === null)?.positionId,
                  )
                  .map((node) => ({ value: node.positionId, label: node.personName }))}
              />
            </Form.Item>
            <Form.Item label={t('position.validFrom')} htmlFor="position-from">
              <DateField id="position-from" value={validFrom} onChange={setValidFrom} />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              disabled={!parentId}
              loading={reassign.isPending}
            >
              {t('position.reassign')}
            </Button>
          </Form>
        </Card>
      ) : null}
      <Card size="small">
        <Form
          layout="vertical"
          onFinish={() =>
            end.mutate({ id: position.positionId, validTo }, { onSuccess: () => setDone(true) })
          }
        >
          <Form.Item label={t('position.validTo')} htmlFor="position-to">
            <DateField id="position-to" value={validTo} onChange={setValidTo} />
          </Form.Item>
          <Flex>
            <Popconfirm
              title={t('position.endConfirm')}
              okText={t('position.yes')}
              cancelText={t('position.no')}
              okButtonProps={{ danger: true, size: 'large' }}
              cancelButtonProps={{ size: 'large' }}
              onConfirm={() =>
                end.mutate({ id: position.positionId, validTo }, { onSuccess: () => setDone(true) })
              }
            >
              <Button danger size="large" loading={end.isPending}>
                {t('position.end')}
              </Button>
            </Popconfirm>
          </Flex>
        </Form>
      </Card>
    </section>
  );
}

/** The positions directly below, from the chain tree, so one can walk down on a phone. */
function Children({ position }: { position: TPositionDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const tree = useLiaisonTree(position.communityId, position.tier !== 'building_leader');
  if (position.tier === 'building_leader' || !tree.data) return null;
  const node = flattenTree(tree.data.roots).find(
    (entry) => entry.node.positionId === position.positionId,
  )?.node;
  if (!node || node.children.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('position.childrenHeading')}
      </Typography.Title>
      <ul className="linli-list" aria-labelledby={headingId}>
        {node.children.map((child) => (
          <li key={child.positionId} className="linli-list-item">
            <span>
              <span className="linli-stat-label">{t(`tiers.${child.tier}`)}</span>
              <br />
              <Link to={`/chain/positions/${child.positionId}`} className="linli-strong-link">
                {child.personName}
              </Link>
            </span>
            <span>{t('chain.households', { count: child.households })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
