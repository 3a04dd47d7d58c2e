import { Alert, Button, Checkbox, Input, Popconfirm, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildings } from '../../lib/queries';
import { useBuildingHouseholds, useCreateSubscription, useEndSubscription, useSubscriptions } from './api';
import './round.css';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Newspaper subscriptions per household (issue 19): which paper, which days; each day's papers join the round. */
export function SubscriptionsPage() {
  const { t } = useTranslation();
  const headingId = useId();
  const listId = useId();
  const addId = useId();
  const buildingFieldId = useId();
  const householdFieldId = useId();
  const paperId = useId();
  const subscriptions = useSubscriptions(undefined);
  const create = useCreateSubscription();
  const end = useEndSubscription();
  const buildings = useBuildings();
  const [buildingId, setBuildingId] = useState<string | undefined>(undefined);
  const households = useBuildingHouseholds(buildingId);
  const [householdId, setHouseholdId] = useState<string | undefined>(undefined);
  const [paper, setPaper] = useState('');
  const [days, setDays] = useState<number[]>([...WEEKDAYS]);
  const [added, setAdded] = useState(false);
  const dayNames = (list: readonly number[]) =>
    list.map((d) => t(`round.subs.weekdayNames.${d}` as 'round.subs.weekdayNames.1')).join('、');
  const running = (subscriptions.data?.items ?? []).filter((s) => s.endedOn === null);

  return (
    <div className="linli-round" data-testid="round-subscriptions-page">
      <BackLink to="/round">{t('round.heading')}</BackLink>
      <Typography.Title level={1} id={headingId}>
        {t('round.subs.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('round.subs.intro')}</Typography.Paragraph>

      <section aria-labelledby={listId}>
        <Typography.Title level={2} id={listId}>
          {t('round.subs.listHeading')}
        </Typography.Title>
        {end.isError ? <ErrorAlert error={end.error} /> : null}
        {subscriptions.isPending ? (
          <Loading />
        ) : subscriptions.isError ? (
          <ErrorAlert error={subscriptions.error} onRetry={() => void subscriptions.refetch()} />
        ) : running.length === 0 ? (
          <Typography.Paragraph>{t('round.subs.empty')}</Typography.Paragraph>
        ) : (
          <ul style={{ listStyle: 'none', padding: 0 }} data-testid="round-subscriptions">
            {running.map((s) => (
              <li key={s.id} className="linli-round-row">
                <span className="linli-round-row-main">
                  <strong>{s.address}</strong> · 《{s.paper}》
                  <br />
                  {t('round.subs.weekdays', { days: dayNames(s.weekdays) })} ·{' '}
                  {t('round.subs.since', { date: s.startsOn })}
                </span>
                <Popconfirm
                  title={t('round.subs.endConfirm', { place: s.address, paper: s.paper })}
                  okText={t('round.subs.end')}
                  cancelText={t('round.cancel')}
                  onConfirm={() => end.mutate(s.id)}
                >
                  <Button size="large">
                    {t('round.subs.end')}
                    <span className="linli-visually-hidden">
                      {' '}
                      {s.address} {s.paper}
                    </span>
                  </Button>
                </Popconfirm>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={addId}>
        <Typography.Title level={2} id={addId}>
          {t('round.subs.addHeading')}
        </Typography.Title>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!householdId || !paper.trim() || days.length === 0) return;
            setAdded(false);
            create.mutate(
              { householdId, paper: paper.trim(), weekdays: days },
              {
                onSuccess: () => {
                  setAdded(true);
                  setPaper('');
                },
              },
            );
          }}
        >
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
            onChange={(value: string) => {
              setBuildingId(value);
              setHouseholdId(undefined);
            }}
            options={(buildings.data?.items ?? []).map((b) => ({
              value: b.id,
              label: b.name ? `${b.number} · ${b.name}` : b.number,
            }))}
          />
          <label htmlFor={householdFieldId} style={{ display: 'block', marginTop: 8 }}>
            {t('round.subs.household')}
          </label>
          <Select
            id={householdFieldId}
            size="large"
            style={{ width: '100%' }}
            value={householdId}
            disabled={!buildingId}
            placeholder={t('round.subs.householdPlaceholder')}
            loading={buildingId !== undefined && households.isPending}
            onChange={(value: string) => setHouseholdId(value)}
            options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.address.label }))}
          />
          <label htmlFor={paperId} style={{ display: 'block', marginTop: 8 }}>
            {t('round.subs.paper')}
          </label>
          <Input
            id={paperId}
            size="large"
            value={paper}
            maxLength={40}
            placeholder={t('round.subs.paperPlaceholder')}
            onChange={(e) => setPaper(e.target.value)}
          />
          <fieldset style={{ border: 0, padding: 0, margin: '8px 0' }}>
            <legend style={{ fontSize: '1.15rem' }}>{t('round.subs.days')}</legend>
            <Checkbox.Group
              value={days}
              onChange={(value) => setDays(value as number[])}
              options={WEEKDAYS.map((d) => ({ value: d, label: dayNames([d]) }))}
            />
          </fieldset>
          {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 8 }} /> : null}
          {added ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={t('round.subs.added')}
              style={{ marginBottom: 8 }}
            />
          ) : null}
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            className="linli-round-big"
            loading={create.isPending}
            disabled={!householdId || !paper.trim() || days.length === 0}
          >
            {t('round.subs.add')}
          </Button>
        </form>
      </section>
    </div>
  );
}
