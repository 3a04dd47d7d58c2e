import { Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOrder } from '../../../shared/contracts/service';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useBuildings } from '../../lib/queries';
import { deliveriesPdfPath, useCollected, useDelivered, useDeliveries } from './api';

/** The delivery list of a building in walking order, each door marked delivered; staff record the money. */
export function DeliveryList({ roundId, canManage }: { roundId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const buildings = useBuildings();
  const [buildingId, setBuildingId] = useState('');
  const deliveries = useDeliveries(roundId, buildingId);
  const [delivering, setDelivering] = useState<TOrder | null>(null);
  const [collecting, setCollecting] = useState<TOrder | null>(null);

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.deliveriesHeading')}
      </Typography.Title>
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.building')} htmlFor="delivery-building" style={{ marginBottom: 8 }}>
          <select
            id="delivery-building"
            className="linli-input"
            value={buildingId}
            onChange={(e) => setBuildingId(e.target.value)}
            style={{ minHeight: 48, fontSize: 18, width: '100%' }}
          >
            <option value="">{t('service.allBuildings')}</option>
            {(buildings.data?.items ?? []).map((b) => (
              <option key={b.id} value={b.id}>
                {t('service.buildingNumber', { number: b.number })}
              </option>
            ))}
          </select>
        </Form.Item>
      </Form>
      <DownloadButton
        path={deliveriesPdfPath(roundId, buildingId)}
        fileName="deliveries.pdf"
        testId="deliveries-pdf"
      >
        {t('service.printDeliveries')}
      </DownloadButton>
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <ErrorAlert error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <Typography.Paragraph>{t('service.noOrders')}</Typography.Paragraph>
      ) : (
        <ol
          className="linli-list"
          aria-labelledby={headingId}
          data-testid="deliveries"
          style={{ marginTop: 12 }}
        >
          {deliveries.data.items.map((order) => (
            <li key={order.id} className="linli-list-item" data-testid="delivery">
              <span style={{ flex: '1 1 200px' }}>
                <span className="linli-address">{order.address.label}</span>
                <br />
                {order.lines.map((l) => `${l.name} ${l.quantity}${l.unit}`).join('、')} · {yuan(order.dueFen)}
                <br />
                {order.deliveredAt
                  ? t('service.deliveredTo', { who: order.receivedBy ?? '', at: dateTime(order.deliveredAt) })
                  : t('service.notDelivered')}
                {order.collectedFen !== null
                  ? ` · ${t('service.collectedValue', { value: yuan(order.collectedFen) })}`
                  : ''}
              </span>
              {order.deliveredAt ? null : (
                <Button type="primary" size="large" onClick={() => setDelivering(order)}>
                  {t('service.markDelivered')}
                  <span className="linli-visually-hidden"> {order.address.label}</span>
                </Button>
              )}
              {canManage && order.collectedFen === null ? (
                <Button size="large" onClick={() => setCollecting(order)}>
                  {t('service.recordCollected')}
                  <span className="linli-visually-hidden"> {order.address.label}</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {delivering ? <DeliveredModal order={delivering} onClose={() => setDelivering(null)} /> : null}
      {collecting ? <CollectedModal order={collecting} onClose={() => setCollecting(null)} /> : null}
    </section>
  );
}

function DeliveredModal({ order, onClose }: { order: TOrder; onClose: () => void }) {
  const { t } = useTranslation();
  const delivered = useDelivered();
  const [who, setWho] = useState('');
  return (
    <Modal
      open
      title={t('service.deliveredTitle', { address: order.address.label })}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !who.trim(), loading: delivered.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => delivered.mutate({ orderId: order.id, receivedBy: who.trim() }, { onSuccess: onClose })}
    >
      {delivered.isError ? <ErrorAlert error={delivered.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.receivedBy')} htmlFor="received-by">
          <Input id="received-by" value={who} maxLength={40} onChange={(e) => setWho(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CollectedModal({ order, onClose }: { order: TOrder; onClose: () => void }) {
  const { t } = useTranslation();
  const collected = useCollected();
  const [amount, setAmount] = useState<number | null>(order.dueFen / 100);
  const [note, setNote] = useState('');
  const fen = Math.round((amount ?? 0) * 100);
  return (
    <Modal
      open
      title={t('service.collectedTitle', { address: order.address.label, due: yuan(order.dueFen) })}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{
        size: 'large',
        disabled: amount === null || (fen !== order.dueFen && !note.trim()),
        loading: collected.isPending,
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        collected.mutate(
          { orderId: order.id, collectedFen: fen, ...(note.trim() ? { note: note.trim() } : {}) },
          { onSuccess: onClose },
        )
      }
    >
      {collected.isError ? <ErrorAlert error={collected.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.collectedAmount')} htmlFor="collected-amount">
          <InputNumber
            id="collected-amount"
            size="large"
            min={0}
            step={0.01}
            value={amount}
            onChange={setAmount}
          />
        </Form.Item>
        <Form.Item label={t('service.differenceNote')} htmlFor="collected-note">
          <Input id="collected-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
