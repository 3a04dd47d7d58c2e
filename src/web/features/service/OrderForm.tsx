import { Button, Form, Input, InputNumber } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRound } from '../../../shared/contracts/service';
import { ErrorAlert } from '../../components/ErrorAlert';
import { yuan } from '../../lib/format';
import { useResidentSearch } from '../../lib/queries';
import { usePlaceOrder } from './api';

/** An order for a household, usually placed by the building leader: find the household, then quantities. */
export function OrderForm({ round }: { round: TRound }) {
  const { t } = useTranslation();
  const place = usePlaceOrder(round.id);
  const [q, setQ] = useState('');
  const [household, setHousehold] = useState<{ id: string; label: string } | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});
  const search = useResidentSearch({ q: q.trim(), limit: 8 }, q.trim().length > 0 && household === null);
  const lines = round.items
    .map((item) => ({ itemId: item.id, quantity: quantities[item.id] ?? 0 }))
    .filter((line) => line.quantity > 0);
  const due = lines.reduce(
    (sum, line) => sum + (round.items.find((i) => i.id === line.itemId)?.groupFen ?? 0) * line.quantity,
    0,
  );

  return (
    <div className="linli-subform" style={{ marginBottom: 24 }}>
      <h3 className="linli-subheading">{t('service.orderHeading')}</h3>
      {place.isError ? <ErrorAlert error={place.error} style={{ marginBottom: 12 }} /> : null}
      {place.isSuccess ? (
        <p role="status">{t('service.orderPlaced', { address: place.data.address.label })}</p>
      ) : null}
      {household ? (
        <p>
          <strong style={{ fontSize: 20 }}>{household.label}</strong>{' '}
          <Button size="large" onClick={() => setHousehold(null)}>
            {t('service.changeHousehold')}
          </Button>
        </p>
      ) : (
        <>
          <Form layout="vertical" component="div">
            <Form.Item label={t('service.searchResident')} htmlFor="order-search" style={{ marginBottom: 8 }}>
              <Input id="order-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            </Form.Item>
          </Form>
          <ul className="linli-list">
            {(q.trim() ? (search.data?.items ?? []) : []).map((hit) => (
              <li key={hit.residentId} className="linli-list-item">
                <span>
                  <strong>{hit.name}</strong> · {hit.address.label}
                </span>
                <Button
                  size="large"
                  onClick={() =>
                    setHousehold({ id: hit.householdId, label: `${hit.address.label} ${hit.name}` })
                  }
                >
                  {t('service.orderFor')}
                  <span className="linli-visually-hidden"> {hit.name}</span>
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <Form layout="vertical" component="div">
        {round.items.map((item) => (
          <Form.Item
            key={item.id}
            label={t('service.quantityOf', { name: item.name, unit: item.unit, price: yuan(item.groupFen) })}
            htmlFor={`qty-${item.id}`}
          >
            <InputNumber
              id={`qty-${item.id}`}
              size="large"
              min={0}
              max={100}
              value={quantities[item.id] ?? null}
              onChange={(value) => setQuantities((all) => ({ ...all, [item.id]: value }))}
            />
          </Form.Item>
        ))}
      </Form>
      <p>{t('service.orderDue', { value: yuan(due) })}</p>
      <Button
        type="primary"
        size="large"
        disabled={!household || lines.length === 0}
        loading={place.isPending}
        onClick={() =>
          household &&
          place.mutate(
            { householdId: household.id, lines },
            {
              onSuccess: () => {
                setHousehold(null);
                setQuantities({});
                setQ('');
              },
            },
          )
        }
      >
        {t('service.placeOrder')}
      </Button>
    </div>
  );
}
