import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type TRatesTrend, ZRatesTrend } from '../../../shared/contracts/stats';
import { api, isApiError } from '../../lib/api';
import { ErrorAlert } from '../ErrorAlert';
import { Loading } from '../Loading';
import { AXIS_TEXT, ChartCard, ChartTable, EChart, percentText } from './EChart';

export function useRatesTrend(month: string | undefined, communityId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'rates-trend', month ?? '', communityId ?? ''],
    enabled,
    queryFn: ({ signal }) => {
      const search = new URLSearchParams();
      if (month) search.set('month', month);
      if (communityId) search.set('communityId', communityId);
      return api(`/api/v1/stats/rates-trend?${search.toString()}`, { schema: ZRatesTrend, signal });
    },
  });
}

const pct = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? null : Math.round(rate * 100);

/**
 * The three rates over 12 months: each tier's response rate as a line, the whole community's beside the
 * same month a year before (dashed). Months under the minimum sample show as gaps and say so in the table.
 */
export function RatesTrendView({ trend }: { trend: TRatesTrend }) {
  const { t } = useTranslation();
  const months = trend.months.map((m) => m.month);
  const tiers = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of trend.months) for (const tier of m.tiers) seen.set(tier.tier, tier.label);
    return [...seen];
  }, [trend]);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: AXIS_TEXT },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '—' : `${String(v)}%`) },
      xAxis: { type: 'category', data: months.map((m) => m.slice(2)), axisLabel: AXIS_TEXT },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...AXIS_TEXT, formatter: '{value}%' } },
      series: [
        {
          name: t('stats.chart.rates.all'),
          type: 'line',
          symbolSize: 8,
          lineStyle: { width: 4 },
          data: trend.months.map((m) => pct(m.total?.responseRate)),
        },
        {
          name: t('stats.chart.rates.lastYear'),
          type: 'line',
          symbolSize: 6,
          lineStyle: { type: 'dashed', width: 2 },
          data: trend.previousYear.map((m) => pct(m.total?.responseRate)),
        },
        ...tiers.map(([tier, label]) => ({
          name: label,
          type: 'line',
          symbolSize: 6,
          data: trend.months.map((m) => pct(m.tiers.find((x) => x.tier === tier)?.figures.responseRate)),
        })),
      ],
    }),
    [trend, months, tiers, t],
  );
  const withheld = t('stats.chart.withheldCell');
  const rows = trend.months.map((m, i) => {
    const before = trend.previousYear[i];
    return [
      m.month,
      m.total ? m.total.reports : withheld,
      m.total ? percentText(m.total.responseRate) : withheld,
      m.total ? percentText(m.total.resolutionRate) : withheld,
      m.total ? percentText(m.total.satisfactionRate) : withheld,
      before?.total ? percentText(before.total.responseRate) : withheld,
      ...tiers.map(([tier]) => {
        const f = m.tiers.find((x) => x.tier === tier);
        return f ? percentText(f.figures.responseRate) : withheld;
      }),
    ];
  });
  return (
    <ChartCard title={t('stats.chart.rates.title')} desc={t('stats.chart.rates.desc')} testId="chart-rates">
      <EChart option={option} label={t('stats.chart.rates.title')} />
      <Typography.Paragraph style={{ fontSize: 17 }}>
        {t('stats.chart.withheldNote', { min: trend.minReports })}
      </Typography.Paragraph>
      <ChartTable
        caption={t('stats.chart.rates.title')}
        head={[
          t('stats.chart.monthCol'),
          t('stats.chart.rates.reports'),
          t('stats.chart.rates.response'),
          t('stats.chart.rates.resolution'),
          t('stats.chart.rates.satisfaction'),
          `${t('stats.chart.rates.lastYear')} ${t('stats.chart.rates.response')}`,
          ...tiers.map(([, label]) => `${label} ${t('stats.chart.rates.response')}`),
        ]}
        rows={rows}
        testId="table-rates"
      />
    </ChartCard>
  );
}

/** The 12-month rates chart, fetched for the month and community given. */
export function RatesTrendChart({ month, communityId }: { month?: string; communityId?: string }) {
  const trend = useRatesTrend(month, communityId);
  if (trend.isPending) return <Loading />;
  // A caller with several communities (the subdistrict) picks one first; the chart waits for it.
  if (trend.isError && isApiError(trend.error) && trend.error.code === 'desk.community_required') return null;
  if (trend.isError) return <ErrorAlert error={trend.error} />;
  return <RatesTrendView trend={trend.data} />;
}
