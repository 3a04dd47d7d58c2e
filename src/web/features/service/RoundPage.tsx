import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import type { TRound } from '../../../shared/contracts/service';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { canBookService, canRunStation } from '../../lib/roles';
import { useDeliveries, useReconciliation } from './api';
import { DeliveryList } from './DeliveryList';
import { OrderForm } from './OrderForm';

/** One purchase round: its items, orders for households, the delivery list, and the money reconciled. */
export function RoundPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const role = session.user.role;
  // The delivery list carries the round itself, so one request shows both.
  const round = useDeliveries(id, '');

  return (
    <>
      <BackLink to="/service/rounds">{t('service.roundsHeading')}</BackLink>
      {round.isPending ? (
        <Loading />
      ) : round.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('service.roundsHeading')}</h1>
          <ErrorAlert error={round.error} onRetry={() => void round.refetch()} />
        </>
      ) : (
        <>
          <RoundHeader round={round.data.round} />
          {round.data.round.open && canBookService(role) ? <OrderForm round={round.data.round} /> : null}
          <DeliveryList roundId={id} canManage={canRunStation(role)} />
          {canRunStation(role) ? <Reconciliation roundId={id} /> : null}
        </>
      )}
    </>
  );
}

function RoundHeader({ round }: { round: TRound }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }}>
        {round.title}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {round.supplier} ·{' '}
        {round.open ? t('service.closesOn', { date: shortDate(round.closesOn) }) : t('service.closed')}
        <br />
        {t('service.savings', { value: yuan(round.savingsFen) })}
      </Typography.Paragraph>
      <ul className="linli-list">
        {round.items.map((item) => (
          <li key={item.id} className="linli-list-item">
            <strong>{item.name}</strong>
            <span>
              {t('service.prices', {
                market: yuan(item.marketFen),
                group: yuan(item.groupFen),
                unit: item.unit,
              })}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

function Reconciliation({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const rec = useReconciliation(roundId);
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.reconciliationHeading')}
      </Typography.Title>
      {rec.isPending ? (
        <Loading />
      ) : rec.isError ? (
        <ErrorAlert error={rec.error} onRetry={() => void rec.refetch()} />
      ) : (
        <>
          <Typography.Paragraph style={{ fontSize: 20 }} data-testid="reconciliation">
            {t('service.reconciliationLine', {
              expected: yuan(rec.data.expectedFen),
              collected: yuan(rec.data.collectedFen),
              uncollected: rec.data.uncollected,
            })}
          </Typography.Paragraph>
          <ul className="linli-list">
            {rec.data.differences.map((d) => (
              <li key={d.orderId} className="linli-list-item">
                <span>
                  <strong>{d.address}</strong> · {t('service.difference', { value: yuan(d.differenceFen) })}
                  <br />
                  {d.note}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
