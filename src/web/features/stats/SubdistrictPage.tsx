import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOverview } from '../../../shared/contracts/desk';
import type { TRateFigures } from '../../../shared/contracts/rates';
import { percentText } from '../../components/charts/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useOverview } from './api';
import { MonthSelect, monthFromNow } from './MonthSelect';

type Row = TOverview['communities'][number];
type RateName = 'responseRate' | 'resolutionRate' | 'satisfactionRate';

const yuan = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Sorts withheld or missing figures last, whichever way the column is sorted. */
const byNumber =
  (get: (row: Row) => number | null | undefined) =>
  (a: Row, b: Row): number =>
    (get(a) ?? -1) - (get(b) ?? -1);

/** The subdistrict's communities side by side for a month; each one a click from its desk, read-only. */
export function SubdistrictPage() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(() => monthFromNow(0));
  const overview = useOverview(month);
  const min = overview.data?.minReports ?? 10;

  const rateCell = (current: TRateFigures | null, previous: TRateFigures | null, name: RateName) =>
    current ? (
      <span>
        <strong style={{ fontSize: 20 }}>{percentText(current[name])}</strong>
        <br />
        <span style={{ color: '#333' }}>
          {t('stats.subdistrict.lastMonth', {
            value: previous ? percentText(previous[name]) : t('stats.chart.withheldCell'),
          })}
        </span>
      </span>
    ) : (
      <span style={{ color: '#333' }}>{t('stats.chart.withheldPlain', { min })}</span>
    );
  const rate = (name: RateName, title: string) => ({
    title,
    key: name,
    sorter: byNumber((r: Row) => r.figures.rates.current?.[name]),
    render: (_: unknown, r: Row) => rateCell(r.figures.rates.current, r.figures.rates.previousMonth, name),
  });

  const columns: TableColumnsType<Row> = [
    {
      title: t('stats.subdistrict.community'),
      key: 'name',
      fixed: 'left',
      sorter: (a, b) => a.communityName.localeCompare(b.communityName, 'zh-CN'),
      render: (_, r) => (
        <span>
          <Link to={`/subdistrict/communities/${r.communityId}`} style={{ fontSize: 18 }}>
            {r.communityName}
          </Link>
          {r.closed ? (
            <>
              {' '}
              <Tag>{t('stats.subdistrict.closed')}</Tag>
            </>
          ) : null}
        </span>
      ),
    },
    rate('responseRate', t('stats.subdistrict.response')),
    rate('resolutionRate', t('stats.subdistrict.resolution')),
    rate('satisfactionRate', t('stats.subdistrict.satisfaction')),
    {
      title: t('stats.subdistrict.pastDeadline'),
      key: 'late',
      sorter: byNumber((r) => r.openPastDeadline),
      render: (_, r) => <strong style={{ fontSize: 20 }}>{r.openPastDeadline}</strong>,
    },
    {
      title: t('stats.subdistrict.missed'),
      key: 'missed',
      sorter: byNumber((r) => r.figures.care.checkinsMissed),
      render: (_, r) => (
        <span>
          <strong style={{ fontSize: 20 }}>{r.figures.care.checkinsMissed}</strong>
          {r.figures.care.outcomes.length > 0 ? (
            <>
              <br />
              {t('stats.subdistrict.outcomes')}：
              {r.figures.care.outcomes.map((o) => `${o.label} ${o.count}`).join('，')}
            </>
          ) : null}
        </span>
      ),
    },
    {
      title: t('stats.subdistrict.visitRate'),
      key: 'visits',
      sorter: byNumber((r) => r.figures.care.visitRate),
      render: (_, r) => <span style={{ fontSize: 18 }}>{percentText(r.figures.care.visitRate)}</span>,
    },
    {
      title: t('stats.subdistrict.decisions'),
      key: 'decisions',
      sorter: byNumber((r) => r.figures.welfare.decisions),
      render: (_, r) => <span style={{ fontSize: 18 }}>{r.figures.welfare.decisions}</span>,
    },
    {
      title: t('stats.subdistrict.grants'),
      key: 'grants',
      sorter: byNumber((r) => r.figures.welfare.emergencyGrantFen),
      render: (_, r) =>
        t('stats.subdistrict.grantsValue', {
          count: r.figures.welfare.emergencyGrants,
          amount: yuan(r.figures.welfare.emergencyGrantFen),
        }),
    },
    {
      title: t('stats.subdistrict.value'),
      key: 'value',
      sorter: byNumber((r) => r.figures.service.valueFen),
      render: (_, r) => <span style={{ fontSize: 18 }}>{yuan(r.figures.service.valueFen)}</span>,
    },
  ];

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('stats.subdistrict.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('stats.subdistrict.intro')}</Typography.Paragraph>
      <MonthSelect
        label={t('stats.subdistrict.month')}
        value={month}
        onChange={setMonth}
        testId="overview-month"
      />
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorAlert error={overview.error} />
      ) : (
        <>
          {overview.data.withheld > 0 ? (
            <Typography.Paragraph style={{ fontSize: 18 }} data-testid="overview-withheld">
              {t('stats.subdistrict.withheldCount', { count: overview.data.withheld, min })}
            </Typography.Paragraph>
          ) : null}
          <Table<Row>
            data-testid="overview-table"
            className="linli-overview-table"
            rowKey="communityId"
            columns={columns}
            dataSource={overview.data.communities}
            pagination={false}
            scroll={{ x: 1200 }}
            size="middle"
          />
        </>
      )}
    </>
  );
}
