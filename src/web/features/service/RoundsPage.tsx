import { Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { canRunStation } from '../../lib/roles';
import { useCreateRound, useRounds } from './api';

/** Group purchases: the rounds, each with its orders and savings; the station opens new ones. */
export function RoundsPage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const manage = canRunStation(session.user.role);
  const rounds = useRounds();
  // The station sees every round; everyone else those still taking orders or with a door of theirs waiting.
  const shown = (rounds.data?.items ?? []).filter((r) => manage || r.open || r.undeliveredInScope > 0);
  const headingId = useId();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <BackLink to={manage ? '/service' : '/'}>{t('app.back')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('service.roundsHeading')}
      </Typography.Title>
      {manage ? (
        <Button type="primary" size="large" onClick={() => setCreating(true)} style={{ marginBottom: 16 }}>
          <span aria-hidden="true">＋&nbsp;</span>
          {t('service.newRound')}
        </Button>
      ) : (
        <Typography.Paragraph style={{ fontSize: 18 }}>{t('service.pendingRoundsHint')}</Typography.Paragraph>
      )}
      {rounds.isPending ? (
        <Loading />
      ) : rounds.isError ? (
        <ErrorAlert error={rounds.error} onRetry={() => void rounds.refetch()} />
      ) : shown.length === 0 ? (
        <Typography.Paragraph>
          {manage ? t('service.noRounds') : t('service.noPendingRounds')}
        </Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId} data-testid="rounds">
          {shown.map((r) => (
            <li key={r.id} className="linli-list-item">
              <Link to={`/service/rounds/${r.id}`} className="linli-list-link">
                <span className="linli-address">{r.title}</span>
                <span>
                  {r.supplier} ·{' '}
                  {r.open ? t('service.closesOn', { date: shortDate(r.closesOn) }) : t('service.closed')} ·{' '}
                  {t('service.orders', { count: r.orders })} ·{' '}
                  {t('service.savings', { value: yuan(r.savingsFen) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {creating ? <RoundModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}

interface ItemDraft {
  key: string;
  name: string;
  unit: string;
  market: number | null;
  group: number | null;
}

const emptyItem = (): ItemDraft => ({
  key: crypto.randomUUID(),
  name: '',
  unit: '',
  market: null,
  group: null,
});

function RoundModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRound();
  const [title, setTitle] = useState('');
  const [supplier, setSupplier] = useState('');
  const [closesOn, setClosesOn] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([emptyItem()]);
  const edit = (index: number, patch: Partial<ItemDraft>) =>
    setItems((all) => all.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const valid =
    title.trim() &&
    supplier.trim() &&
    /^\d{4}-\d{2}-\d{2}$/.test(closesOn) &&
    items.every((i) => i.name.trim() && i.unit.trim() && i.market !== null && i.group !== null);

  return (
    <Modal
      open
      title={t('service.newRound')}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        create.mutate(
          {
            title: title.trim(),
            supplier: supplier.trim(),
            closesOn,
            items: items.map((i) => ({
              name: i.name.trim(),
              unit: i.unit.trim(),
              marketFen: Math.round((i.market ?? 0) * 100),
              groupFen: Math.round((i.group ?? 0) * 100),
            })),
          },
          { onSuccess: onClose },
        )
      }
    >
      {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.roundTitle')} htmlFor="round-title">
          <Input id="round-title" value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('service.supplier')} htmlFor="round-supplier">
          <Input
            id="round-supplier"
            value={supplier}
            maxLength={80}
            onChange={(e) => setSupplier(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('service.closesOnLabel')} htmlFor="round-closes">
          <DateField id="round-closes" value={closesOn} onChange={setClosesOn} />
        </Form.Item>
        {items.map((item, index) => (
          <fieldset key={item.key} className="linli-subform" style={{ marginBottom: 12 }}>
            <legend>{t('service.itemN', { n: index + 1 })}</legend>
            <Form.Item label={t('service.itemName')} htmlFor={`item-name-${index}`}>
              <Input
                id={`item-name-${index}`}
                value={item.name}
                maxLength={40}
                onChange={(e) => edit(index, { name: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('service.itemUnit')} htmlFor={`item-unit-${index}`}>
              <Input
                id={`item-unit-${index}`}
                value={item.unit}
                maxLength={10}
                onChange={(e) => edit(index, { unit: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('service.marketPrice')} htmlFor={`item-market-${index}`}>
              <InputNumber
                id={`item-market-${index}`}
                size="large"
                min={0}
                step={0.01}
                value={item.market}
                onChange={(market) => edit(index, { market })}
              />
            </Form.Item>
            <Form.Item label={t('service.groupPrice')} htmlFor={`item-group-${index}`}>
              <InputNumber
                id={`item-group-${index}`}
                size="large"
                min={0}
                step={0.01}
                value={item.group}
                onChange={(group) => edit(index, { group })}
              />
            </Form.Item>
          </fieldset>
        ))}
      </Form>
      <Button size="large" onClick={() => setItems((all) => [...all, emptyItem()])}>
        {t('service.addItem')}
      </Button>
    </Modal>
  );
}
