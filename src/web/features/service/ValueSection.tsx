import { Form, Typography } from 'antd';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateField';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { MonthInput } from '../../components/MonthInput';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { summaryPath, useValue } from './api';
import { beijingToday } from './ServiceBits';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// ECharts is fetched only when the station page opens, so no one else's phone downloads it.
const ValueChart = lazy(() => import('./ValueChart').then((m) => ({ default: m.ValueChart })));

/** The value the station has delivered since a chosen date: the total, by month (a chart) and by service. */
export function ValueSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const today = beijingToday();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [month, setMonth] = useState(today.slice(0, 7));
  const value = useValue(from, today, DAY.test(from) && from <= today);

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.valueHeading')}
      </Typography.Title>
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.since')} htmlFor="value-from" style={{ marginBottom: 12 }}>
          <DateField id="value-from" value={from} max={today} onChange={setFrom} />
        </Form.Item>
      </Form>
      {value.isPending ? (
        <Loading />
      ) : value.isError ? (
        <ErrorAlert error={value.error} onRetry={() => void value.refetch()} />
      ) : (
        <>
          <div className="linli-stat-label">
            {t('service.totalSince', { from: shortDate(value.data.from) })}
          </div>
          <div className="linli-stat-value" data-testid="station-total" data-fen={value.data.totalFen}>
            {yuan(value.data.totalFen)}
          </div>
          <Typography.Paragraph>
            {t('service.split', {
              services: yuan(value.data.servicesFen),
              savings: yuan(value.data.savingsFen),
            })}
          </Typography.Paragraph>
          <Suspense fallback={<Loading />}>
            <ValueChart
              months={value.data.byMonth}
              label={t('service.chartLabel', {
                from: shortDate(value.data.from),
                to: shortDate(value.data.to),
              })}
            />
          </Suspense>
          <h3 className="linli-subheading">{t('service.byMonth')}</h3>
          <ul className="linli-list" data-testid="value-months">
            {value.data.byMonth
              .filter((m) => m.totalFen !== 0)
              .map((m) => (
                <li key={m.month} className="linli-list-item">
                  <span>{m.month}</span>
                  <span>
                    {yuan(m.totalFen)} · {t('service.running', { value: yuan(m.runningFen) })}
                  </span>
                </li>
              ))}
          </ul>
          <h3 className="linli-subheading">{t('service.byService')}</h3>
          {value.data.byService.length === 0 ? (
            <Typography.Paragraph>{t('service.nothingYet')}</Typography.Paragraph>
          ) : null}
          <ul className="linli-list" data-testid="value-services">
            {value.data.byService.map((s) => (
              <li key={s.key} className="linli-list-item">
                <span>{s.label}</span>
                <span>
                  {yuan(s.fen)} · {t('service.delivered', { count: s.delivered })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <Form layout="vertical" component="div" style={{ marginTop: 16 }}>
        <Form.Item label={t('service.summaryMonth')} htmlFor="summary-month" style={{ marginBottom: 8 }}>
          <MonthInput id="summary-month" value={month} onChange={setMonth} />
        </Form.Item>
      </Form>
      <DownloadButton path={summaryPath(month)} fileName={`value-${month}.pdf`} testId="value-summary">
        {t('service.summaryPdf')}
      </DownloadButton>
    </section>
  );
}
