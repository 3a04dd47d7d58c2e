import { Segmented, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TRateFigures } from '../../../shared/contracts/rates';
import { BackLink } from '../../components/BackLink';
import { RatesTrendChart } from '../../components/charts/RatesTrendChart';
import { MonthField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useRates } from './api';

type GroupBy = 'person' | 'tier' | 'building' | 'month';
const GROUPS: GroupBy[] = ['person', 'tier', 'building', 'month'];

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

function Figures({ current, previous }: { current: TRateFigures; previous: TRateFigures | null }) {
  const { t } = useTranslation();
  const rates = [
    ['response', current.responseRate, previous?.responseRate ?? null],
    ['resolution', current.resolutionRate, previous?.resolutionRate ?? null],
    ['satisfaction', current.satisfactionRate, previous?.satisfactionRate ?? null],
  ] as const;
  return (
    <dl className="linli-rates">
      {rates.map(([name, now, before]) => (
        <div key={name}>
          <dt>{t(`rates.${name}`)}</dt>
          <dd>
            <strong>{percent(now)}</strong> <span>{t('rates.previous', { value: percent(before) })}</span>
          </dd>
        </div>
      ))}
      <div>
        <dt>{t('rates.reports')}</dt>
        <dd>{current.reports}</dd>
      </div>
    </dl>
  );
}

/** The three rates of the month against the month before; groups with few reports are left out. */
export function RatesPage() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<GroupBy>('person');
  const [month, setMonth] = useState('');
  const rates = useRates({ groupBy, ...(month ? { month } : {}) });
  const groupLabel = useId();

  return (
    <>
      <BackLink to="/reports">{t('reports.listHeading')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('rates.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('rates.intro')}</Typography.Paragraph>
      <label className="linli-stat-label" htmlFor="rates-month">
        {t('rates.month')}
      </label>
      <div style={{ marginBottom: 12 }}>
        <MonthField id="rates-month" value={month} onChange={setMonth} allowClear />
      </div>
      <div id={groupLabel} className="linli-stat-label">
        {t('rates.groupBy')}
      </div>
      <Segmented<GroupBy>
        aria-labelledby={groupLabel}
        value={groupBy}
        onChange={setGroupBy}
        options={GROUPS.map((g) => ({ value: g, label: t(`rates.group.${g}`) }))}
        style={{ marginBottom: 16 }}
      />
      {rates.isPending ? (
        <Loading />
      ) : rates.isError ? (
        <ErrorAlert error={rates.error} />
      ) : (
        <>
          <h2 className="linli-subheading">{t('rates.total', { month: rates.data.month })}</h2>
          {rates.data.total.current ? (
            <Figures current={rates.data.total.current} previous={rates.data.total.previous} />
          ) : (
            <Typography.Paragraph>{t('rates.tooFew', { count: rates.data.minReports })}</Typography.Paragraph>
          )}
          <RatesTrendChart {...(month ? { month } : {})} />
          <h2 className="linli-subheading">{t('rates.ranking')}</h2>
          <ol className="linli-list" data-testid="rates-rows">
            {rates.data.rows.map((row) => (
              <li key={row.key} className="linli-card">
                <Typography.Text strong>
                  {row.rank}. {row.label ?? row.key}
                </Typography.Text>
                <Figures current={row.current} previous={row.previous} />
              </li>
            ))}
          </ol>
          {rates.data.rows.length === 0 ? (
            <Typography.Paragraph>{t('rates.noRows')}</Typography.Paragraph>
          ) : null}
          <Typography.Paragraph>
            {t('rates.withheld', { count: rates.data.withheld, min: rates.data.minReports })}
          </Typography.Paragraph>
        </>
      )}
    </>
  );
}
