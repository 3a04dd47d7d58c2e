import { Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  TReportsByWeek,
  TServiceByMonth,
  TToCommittee,
  TVisitsByBuilding,
} from '../../../shared/contracts/stats';
import { useCommunityChoice } from '../../components/CommunityPicker';
import { AXIS_TEXT, ChartCard, ChartTable, EChart, percentText } from '../../components/charts/EChart';
import { RatesTrendChart } from '../../components/charts/RatesTrendChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useHomeSummary } from '../../lib/queries';
import { useSession } from '../../lib/session';
import { useReportsByWeek, useServiceByMonth, useToCommittee, useVisitsByBuilding } from './api';
import { MonthSelect, monthFromNow } from './MonthSelect';

/** A query's answer drawn by `view`, or its loading state or error. */
function Answer<T>({
  q,
  view,
}: {
  q: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  view: (data: T) => React.ReactNode;
}) {
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.isPending || q.data === undefined) return <Loading />;
  return <>{view(q.data)}</>;
}

function WeeksChart({ data }: { data: TReportsByWeek }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 64, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: AXIS_TEXT },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.weeks.map((w) => w.weekStart.slice(5)), axisLabel: AXIS_TEXT },
      yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT },
      series: data.categories.map((c) => ({
        name: c.label,
        type: 'bar',
        stack: 'reports',
        data: data.weeks.map((w) => w.counts[c.key] ?? 0),
      })),
    }),
    [data],
  );
  return (
    <ChartCard title={t('stats.chart.weeks.title')} desc={t('stats.chart.weeks.desc')} testId="chart-weeks">
      <EChart option={option} label={t('stats.chart.weeks.title')} />
      <ChartTable
        caption={t('stats.chart.weeks.title')}
        head={[t('stats.chart.weekCol'), ...data.categories.map((c) => c.label), t('stats.chart.total')]}
        rows={data.weeks.map((w) => [
          w.weekStart,
          ...data.categories.map((c) => w.counts[c.key] ?? 0),
          w.total,
        ])}
        testId="table-weeks"
      />
    </ChartCard>
  );
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

function CommitteeChart({ data }: { data: TToCommittee }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: AXIS_TEXT },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.months.map((m) => m.month.slice(2)), axisLabel: AXIS_TEXT },
      yAxis: { type: 'value', axisLabel: AXIS_TEXT },
      series: [
        {
          name: t('stats.chart.committee.p50'),
          type: 'line',
          lineStyle: { width: 4 },
          data: data.months.map((m) => seconds(m.p50Ms)),
        },
        {
          name: t('stats.chart.committee.p90'),
          type: 'line',
          lineStyle: { type: 'dashed', width: 3 },
          data: data.months.map((m) => seconds(m.p90Ms)),
        },
      ],
    }),
    [data, t],
  );
  const none = t('stats.chart.noDataShort');
  return (
    <ChartCard
      title={t('stats.chart.committee.title')}
      desc={t('stats.chart.committee.desc')}
      testId="chart-committee"
    >
      <EChart option={option} label={t('stats.chart.committee.title')} />
      <ChartTable
        caption={t('stats.chart.committee.title')}
        head={[
          t('stats.chart.monthCol'),
          t('stats.chart.committee.measured'),
          t('stats.chart.committee.p50'),
          t('stats.chart.committee.p90'),
        ]}
        rows={data.months.map((m) => [
          m.month,
          m.measured,
          seconds(m.p50Ms) ?? none,
          seconds(m.p90Ms) ?? none,
        ])}
        testId="table-committee"
      />
    </ChartCard>
  );
}

function VisitsChart({ data }: { data: TVisitsByBuilding }) {
  const { t } = useTranslation();
  const names = data.buildings.map((b) => t('stats.chart.buildingName', { n: b.buildingNumber }));
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)}%` },
      xAxis: {
        type: 'category',
        data: names,
        axisLabel: { ...AXIS_TEXT, interval: 0, rotate: names.length > 6 ? 40 : 0 },
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...AXIS_TEXT, formatter: '{value}%' } },
      series: [
        {
          name: t('stats.chart.visits.rate'),
          type: 'bar',
          data: data.buildings.map((b) => (b.rate === null ? null : Math.round(b.rate * 100))),
          label: { show: true, position: 'top', formatter: '{c}%', fontSize: 15, color: '#111' },
        },
      ],
    }),
    [data, names, t],
  );
  return (
    <ChartCard
      title={t('stats.chart.visits.title')}
      desc={t('stats.chart.visits.desc')}
      testId="chart-visits"
    >
      {data.buildings.length === 0 ? (
        <Typography.Paragraph>{t('stats.chart.noData')}</Typography.Paragraph>
      ) : (
        <EChart option={option} label={t('stats.chart.visits.title')} />
      )}
      <ChartTable
        caption={`${t('stats.chart.visits.title')}（${data.month}）`}
        head={[
          t('stats.chart.buildingCol'),
          t('stats.chart.visits.plans'),
          t('stats.chart.visits.met'),
          t('stats.chart.visits.required'),
          t('stats.chart.visits.visits'),
          t('stats.chart.visits.rate'),
        ]}
        rows={data.buildings.map((b, i) => [
          names[i] ?? '',
          b.plans,
          b.met,
          b.required,
          b.visits,
          percentText(b.rate),
        ])}
        testId="table-visits"
      />
    </ChartCard>
  );
}

const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;
const yuanOf = (fen: number) => Math.round(fen) / 100;

function ServiceChart({ data }: { data: TServiceByMonth }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 8, top: 48, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: AXIS_TEXT },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.months.map((m) => m.month.slice(2)), axisLabel: AXIS_TEXT },
      yAxis: [
        { type: 'value', axisLabel: AXIS_TEXT },
        { type: 'value', axisLabel: AXIS_TEXT, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('stats.chart.service.value'),
          type: 'bar',
          data: data.months.map((m) => yuanOf(m.valueFen)),
        },
        {
          name: t('stats.chart.service.hours'),
          type: 'line',
          yAxisIndex: 1,
          lineStyle: { width: 4 },
          data: data.months.map((m) => hoursOf(m.volunteerMinutes)),
        },
      ],
    }),
    [data, t],
  );
  return (
    <ChartCard
      title={t('stats.chart.service.title')}
      desc={t('stats.chart.service.desc')}
      testId="chart-service"
    >
      <EChart option={option} label={t('stats.chart.service.title')} />
      <ChartTable
        caption={t('stats.chart.service.title')}
        head={[t('stats.chart.monthCol'), t('stats.chart.service.value'), t('stats.chart.service.hours')]}
        rows={data.months.map((m) => [m.month, yuanOf(m.valueFen).toFixed(2), hoursOf(m.volunteerMinutes)])}
        testId="table-service"
      />
    </ChartCard>
  );
}

const DESK_ROLES = new Set(['committee', 'worker', 'subdistrict']);

/** The charts of one community: where people would rather look than read. */
export function StatsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const role = session.data?.user.role ?? '';
  const { communityId, picker } = useCommunityChoice();
  const [month, setMonth] = useState(() => monthFromNow(0));
  const m = month;
  // The subdistrict waits for its list of communities: with several, the picker names one.
  const communities = useHomeSummary(role === 'subdistrict');
  const ready = role !== 'subdistrict' || communities.data !== undefined;
  const desk = DESK_ROLES.has(role);
  const weeks = useReportsByWeek(communityId, ready);
  const committee = useToCommittee(m, communityId, ready && desk);
  const visits = useVisitsByBuilding(m, communityId, ready);
  const service = useServiceByMonth(m, communityId, ready && desk);

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('stats.chart.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('stats.chart.intro')}</Typography.Paragraph>
      {picker}
      <MonthSelect label={t('stats.chart.month')} value={month} onChange={setMonth} testId="stats-month" />
      {ready ? (
        <div className="linli-chart-grid">
          <RatesTrendChart {...(m ? { month: m } : {})} {...(communityId ? { communityId } : {})} />
          <Answer q={weeks} view={(data) => <WeeksChart data={data} />} />
          {desk ? <Answer q={committee} view={(data) => <CommitteeChart data={data} />} /> : null}
          <Answer q={visits} view={(data) => <VisitsChart data={data} />} />
          {desk ? <Answer q={service} view={(data) => <ServiceChart data={data} />} /> : null}
        </div>
      ) : (
        <Loading />
      )}
    </>
  );
}
