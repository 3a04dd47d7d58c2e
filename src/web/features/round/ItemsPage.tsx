import { Alert, Button, Input, Radio, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ITEM_KINDS, type ItemKind } from '../../../shared/contracts/round';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildings } from '../../lib/queries';
import { useBuildingHouseholds, useLogItems } from './api';
import './round.css';

interface BasketEntry {
  /** Either the household picked from a list, or the address typed. */
  householdId?: string;
  address?: string;
  place: string;
  kind: ItemKind;
  paper?: string;
  count: number;
}

const keyOf = (e: Pick<BasketEntry, 'householdId' | 'address' | 'kind' | 'paper'>) =>
  `${e.householdId ?? e.address}|${e.kind}|${e.paper ?? ''}`;

/**
 * What arrived at the gate (issue 19): typed as `3-2-401`, or tapped while scanning down a building's list,
 * gathered in one basket and logged all at once. Only for whom and what kind is kept.
 */
export function ItemsPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const typeId = useId();
  const listId = useId();
  const basketId = useId();
  const addressId = useId();
  const paperId = useId();
  const buildingFieldId = useId();
  const [basket, setBasket] = useState<BasketEntry[]>([]);
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<ItemKind>('letter');
  const [paper, setPaper] = useState('');
  const [buildingId, setBuildingId] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<number | null>(null);
  const buildings = useBuildings();
  const households = useBuildingHouseholds(buildingId);
  const log = useLogItems();
  const total = basket.reduce((sum, e) => sum + e.count, 0);

  const add = (entry: Omit<BasketEntry, 'count'>) => {
    setSaved(null);
    setBasket((all) => {
      const found = all.find((e) => keyOf(e) === keyOf(entry));
      return found
        ? all.map((e) => (e === found ? { ...e, count: Math.min(20, e.count + 1) } : e))
        : [...all, { ...entry, count: 1 }];
    });
  };
  const kindLabel = (k: ItemKind) => t(`round.kinds.${k}`);

  return (
    <div className="linli-round" data-testid="round-items-page">
      <BackLink to="/round">{t('round.heading')}</BackLink>
      <Typography.Title level={1} id={headingId}>
        {t('round.items.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('round.items.intro')}</Typography.Paragraph>

      <section aria-labelledby={typeId}>
        <Typography.Title level={2} id={typeId}>
          {t('round.items.typeHeading')}
        </Typography.Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const typed = address.trim();
            if (typed.length < 3) return;
            add({
              address: typed,
              place: typed,
              kind,
              ...(kind === 'newspaper' && paper.trim() ? { paper: paper.trim() } : {}),
            });
            setAddress('');
          }}
        >
          <label htmlFor={addressId} style={{ display: 'block' }}>
            {t('round.items.typeLabel')}
          </label>
          <Input
            id={addressId}
            size="large"
            value={address}
            inputMode="numeric"
            onChange={(e) => setAddress(e.target.value)}
            data-testid="round-items-address"
          />
          <fieldset style={{ border: 0, padding: 0, margin: '8px 0' }}>
            <legend style={{ fontSize: '1.15rem' }}>{t('round.items.kindLabel')}</legend>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={kind}
              onChange={(e) => setKind(e.target.value as ItemKind)}
              options={ITEM_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
          </fieldset>
          {kind === 'newspaper' ? (
            <>
              <label htmlFor={paperId} style={{ display: 'block' }}>
                {t('round.items.paperLabel')}
              </label>
              <Input
                id={paperId}
                size="large"
                value={paper}
                onChange={(e) => setPaper(e.target.value)}
                maxLength={40}
              />
            </>
          ) : null}
          <Button htmlType="submit" size="large" className="linli-round-big" style={{ marginTop: 8 }}>
            ＋ {t('round.items.add')}
          </Button>
        </form>
      </section>

      <section aria-labelledby={listId}>
        <Typography.Title level={2} id={listId}>
          {t('round.items.listHeading')}
        </Typography.Title>
        {buildings.isError ? <ErrorAlert error={buildings.error} /> : null}
        <label htmlFor={buildingFieldId} style={{ display: 'block' }}>
          {t('round.items.building')}
        </label>
        <Select
          id={buildingFieldId}
          size="large"
          style={{ width: '100%' }}
          value={buildingId}
          placeholder={t('round.items.buildingPlaceholder')}
          loading={buildings.isPending}
          onChange={(value: string) => setBuildingId(value)}
          options={(buildings.data?.items ?? []).map((b) => ({
            value: b.id,
            label: b.name ? `${b.number} · ${b.name}` : b.number,
          }))}
          data-testid="round-items-building"
        />
        {buildingId && households.isPending ? <Loading /> : null}
        {households.isError ? <ErrorAlert error={households.error} /> : null}
        <ul style={{ listStyle: 'none', padding: 0 }} data-testid="round-items-households">
          {(households.data?.items ?? []).map((h) => (
            <li key={h.id} className="linli-round-row">
              <span className="linli-round-row-main">{h.address.label}</span>
              <span className="linli-round-kinds">
                {ITEM_KINDS.map((k) => (
                  <Button
                    key={k}
                    onClick={() => add({ householdId: h.id, place: h.address.label, kind: k })}
                    aria-label={t('round.items.addFor', { place: h.address.label, what: kindLabel(k) })}
                  >
                    ＋{kindLabel(k)}
                  </Button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby={basketId} style={{ marginTop: 16 }}>
        <Typography.Title level={2} id={basketId}>
          {t('round.items.basketHeading')}
        </Typography.Title>
        {saved !== null ? (
          <Alert
            type="success"
            showIcon
            role="status"
            title={t('round.items.saved', { count: saved })}
            style={{ marginBottom: 8 }}
            data-testid="round-items-saved"
          />
        ) : null}
        {log.isError ? <ErrorAlert error={log.error} style={{ marginBottom: 8 }} /> : null}
        {basket.length === 0 ? (
          <Typography.Paragraph>{t('round.items.basketEmpty')}</Typography.Paragraph>
        ) : (
          <ul style={{ listStyle: 'none', padding: 0 }} data-testid="round-items-basket">
            {basket.map((e) => (
              <li key={keyOf(e)} className="linli-round-row">
                <span className="linli-round-row-main">
                  {e.place} · {e.paper ? `${kindLabel(e.kind)}《${e.paper}》` : kindLabel(e.kind)} × {e.count}
                </span>
                <Button onClick={() => setBasket((all) => all.filter((one) => one !== e))}>
                  {t('round.items.remove')}
                </Button>
              </li>
            ))}
          </ul>
        )}
        <Button
          type="primary"
          size="large"
          className="linli-round-big"
          disabled={total === 0}
          loading={log.isPending}
          data-testid="round-items-save"
          onClick={() =>
            log.mutate(
              {
                items: basket.map((e) => ({
                  ...(e.householdId ? { householdId: e.householdId } : { address: e.address }),
                  kind: e.kind,
                  ...(e.paper ? { paper: e.paper } : {}),
                  count: e.count,
                })),
              },
              {
                onSuccess: (answer) => {
                  setSaved(answer.items.length);
                  setBasket([]);
                },
              },
            )
          }
        >
          {t('round.items.save', { count: total })}
        </Button>
      </section>
    </div>
  );
}
