import { Alert, Button, Flex, Modal, message, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMonthlyFigures, TMonthlyReport } from '../../../shared/contracts/desk';
import type { TRateFigures } from '../../../shared/contracts/rates';
import { useCommunityChoice } from '../../components/CommunityPicker';
import { percentText } from '../../components/charts/EChart';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime } from '../../lib/dates';
import { useHomeSummary } from '../../lib/queries';
import { useSession } from '../../lib/session';
import { monthlyReportPath, useCloseMonth, useMonthlyReport } from './api';
import { MonthSelect, monthFromNow, monthName } from './MonthSelect';

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** A two-column table of one section: item and figure. */
function Section({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: readonly (readonly [string, string | number])[];
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="linli-chart-card" data-testid={testId}>
      <h2 className="linli-subheading" style={{ marginTop: 0 }}>
        {title}
      </h2>
      <div className="linli-chart-table linli-wrap-table">
        <table>
          <caption className="linli-visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.monthly.item')}</th>
              <th scope="col">{t('stats.monthly.value')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RatesSection({ rates }: { rates: TMonthlyFigures['rates'] }) {
  const { t } = useTranslation();
  const withheld = t('stats.chart.withheldPlain', { min: rates.minReports });
  const cell = (f: TRateFigures | null, name: 'responseRate' | 'resolutionRate' | 'satisfactionRate') =>
    f ? percentText(f[name]) : withheld;
  const names = [
    ['responseRate', t('stats.chart.rates.response')],
    ['resolutionRate', t('stats.chart.rates.resolution')],
    ['satisfactionRate', t('stats.chart.rates.satisfaction')],
  ] as const;
  return (
    <section className="linli-chart-card" data-testid="monthly-rates">
      <h2 className="linli-subheading" style={{ marginTop: 0 }}>
        {t('stats.monthly.sections.rates')}
      </h2>
      <div className="linli-chart-table linli-wrap-table">
        <table>
          <caption className="linli-visually-hidden">{t('stats.monthly.sections.rates')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.monthly.item')}</th>
              <th scope="col">{t('stats.monthly.thisMonth')}</th>
              <th scope="col">{t('stats.monthly.previousMonth')}</th>
              <th scope="col">{t('stats.monthly.lastYear')}</th>
            </tr>
          </thead>
          <tbody>
            {names.map(([name, label]) => (
              <tr key={name}>
                <th scope="row">{label}</th>
                <td style={{ whiteSpace: 'normal' }}>{cell(rates.current, name)}</td>
                <td style={{ whiteSpace: 'normal' }}>{cell(rates.previousMonth, name)}</td>
                <td style={{ whiteSpace: 'normal' }}>{cell(rates.sameMonthLastYear, name)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ReportBody({ report }: { report: TMonthlyReport }) {
  const { t } = useTranslation();
  const f = report.figures;
  const r = (key: string) => t(`stats.monthly.rows.${key}`);
  const seconds = (ms: number | null) => (ms === null ? '—' : (ms / 1000).toFixed(1));
  return (
    <>
      <section className="linli-chart-card" data-testid="monthly-summary" style={{ marginBottom: 16 }}>
        <h2 className="linli-subheading" style={{ marginTop: 0 }}>
          {t('stats.monthly.summary')}
        </h2>
        {report.summary.map((sentence) => (
          <p key={sentence} style={{ fontSize: 19, lineHeight: 1.7, margin: '0 0 8px' }}>
            {sentence}
          </p>
        ))}
      </section>
      <div className="linli-chart-grid">
        <Section
          title={t('stats.monthly.sections.reports')}
          testId="monthly-reports"
          rows={[
            [r('total'), f.reports.total],
            ...f.reports.byCategory.map(
              (c) => [`${t('stats.monthly.byCategory')}：${c.label}`, c.count] as const,
            ),
            ...f.reports.byTier.map((c) => [`${t('stats.monthly.byTier')}：${c.label}`, c.count] as const),
            [r('referred'), f.reports.referred],
            ...f.reports.referredTo.map(
              (c) => [`${t('stats.monthly.referredTo')}：${c.label}`, c.count] as const,
            ),
            [r('outsideRemit'), f.reports.outsideRemit],
            [r('toCommitteeP50'), seconds(f.reports.toCommittee.p50Ms)],
          ]}
        />
        <RatesSection rates={f.rates} />
        <Section
          title={t('stats.monthly.sections.care')}
          testId="monthly-care"
          rows={[
            [r('plans'), f.care.plans],
            [r('visits'), f.care.visits],
            [r('visitRate'), percentText(f.care.visitRate)],
            [r('shortOfPolicy'), f.care.shortOfPolicy],
            [r('checkinsMissed'), f.care.checkinsMissed],
            ...f.care.outcomes.map(
              (o) => [`${t('stats.monthly.outcomesHeading')}：${o.label}`, o.count] as const,
            ),
            [r('ladderSteps'), f.care.ladderSteps],
            [r('keyUses'), f.care.keyUses],
            [r('moneyEntries'), f.care.moneyEntries],
            [r('moneyReceived'), yuan(f.care.moneyReceivedFen)],
            [r('moneySpent'), yuan(f.care.moneySpentFen)],
          ]}
        />
        <Section
          title={t('stats.monthly.sections.welfare')}
          testId="monthly-welfare"
          rows={[
            [r('decisions'), f.welfare.decisions],
            [r('eligible'), f.welfare.eligible],
            [r('notEligible'), f.welfare.notEligible],
            [r('applicationsApproved'), f.welfare.applicationsApproved],
            [r('applicationsRejected'), f.welfare.applicationsRejected],
            [r('noticesPublished'), f.welfare.noticesPublished],
            [r('objections'), f.welfare.objections],
            [r('emergencyGrants'), f.welfare.emergencyGrants],
            [r('emergencyGrantYuan'), yuan(f.welfare.emergencyGrantFen)],
          ]}
        />
        <Section
          title={t('stats.monthly.sections.service')}
          testId="monthly-service"
          rows={[
            [r('sessions'), f.service.sessions],
            [r('peopleServed'), f.service.peopleServed],
            [r('volunteerHours'), (f.service.volunteerMinutes / 60).toFixed(1)],
            [r('valueYuan'), yuan(f.service.valueFen)],
          ]}
        />
        <Section
          title={t('stats.monthly.sections.chain')}
          testId="monthly-chain"
          rows={[
            [r('householdsWithoutLeader'), f.chain.householdsWithoutLeader],
            [r('overloadedLeaders'), f.chain.overloadedLeaders],
            [r('vacantParents'), f.chain.vacantParents],
            [r('positionsStarted'), f.chain.positionsStarted],
            [r('positionsEnded'), f.chain.positionsEnded],
          ]}
        />
      </div>
    </>
  );
}

function ClosedState({ report }: { report: TMonthlyReport }) {
  const { t } = useTranslation();
  const closed = report.closed;
  if (!closed) return <Alert type="info" showIcon title={t('stats.monthly.open')} style={{ fontSize: 18 }} />;
  return (
    <section className="linli-chart-card" data-testid="monthly-closed">
      <p style={{ fontSize: 18, margin: '0 0 8px' }}>
        <strong>
          {t('stats.monthly.closedAt', { at: dateTime(closed.closedAt), by: closed.closedBy ?? '—' })}
        </strong>
      </p>
      <p style={{ fontSize: 16, margin: '0 0 8px', overflowWrap: 'anywhere' }}>
        {t('stats.monthly.hash')}：<code data-testid="monthly-hash">{closed.hash}</code>
      </p>
      <h3 style={{ fontSize: 20 }}>{t('stats.monthly.lateChanges')}</h3>
      {closed.lateChanges.length === 0 ? (
        <p style={{ fontSize: 18 }}>{t('stats.monthly.noLateChanges')}</p>
      ) : (
        <div className="linli-chart-table linli-wrap-table">
          <table data-testid="monthly-late">
            <caption className="linli-visually-hidden">{t('stats.monthly.lateChanges')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.monthly.item')}</th>
                <th scope="col">{t('stats.monthly.lateClosed')}</th>
                <th scope="col">{t('stats.monthly.lateNow')}</th>
              </tr>
            </thead>
            <tbody>
              {closed.lateChanges.map((c) => (
                <tr key={c.figure}>
                  <th scope="row">{c.label}</th>
                  <td>{c.closed ?? '—'}</td>
                  <td>{c.now ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** 社区月报: a month's report on screen, its PDF and workbook, and for the committee closing the month. */
export function MonthlyReportPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const role = session.data?.user.role ?? '';
  const { communityId, picker } = useCommunityChoice();
  const [month, setMonth] = useState(() => monthFromNow(-1));
  // The subdistrict waits for its list of communities: with several, the picker names one.
  const communities = useHomeSummary(role === 'subdistrict');
  const ready = role !== 'subdistrict' || communities.data !== undefined;
  const report = useMonthlyReport(month, communityId, ready && /^\d{4}-\d{2}$/.test(month));
  const close = useCloseMonth();
  const [modal, modalHolder] = Modal.useModal();
  const [messageApi, messageHolder] = message.useMessage();
  const errorText = useErrorText();
  const thisMonth = monthFromNow(0);
  const name = /^\d{4}-\d{2}$/.test(month) ? monthName(month, i18n.language) : month;

  const askToClose = () => {
    void modal.confirm({
      title: t('stats.monthly.closeTitle', { month: name }),
      content: <p style={{ fontSize: 18 }}>{t('stats.monthly.closeBody')}</p>,
      okText: t('stats.monthly.closeOk'),
      cancelText: t('stats.monthly.cancel'),
      okButtonProps: { size: 'large', danger: true },
      cancelButtonProps: { size: 'large' },
      onOk: () =>
        close
          .mutateAsync({ month, communityId })
          .then(() => void messageApi.success(t('stats.monthly.closedOk', { month: name })))
          .catch((error: unknown) => void messageApi.error(errorText(error))),
    });
  };

  return (
    <>
      {modalHolder}
      {messageHolder}
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('stats.monthly.heading')}
        {report.data ? `：${report.data.figures.communityName} ${name}` : ''}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('stats.monthly.intro')}</Typography.Paragraph>
      {picker}
      <MonthSelect
        label={t('stats.monthly.month')}
        value={month}
        onChange={setMonth}
        testId="monthly-month"
      />
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <DownloadButton
          path={monthlyReportPath('.pdf', month, communityId)}
          fileName={`monthly-report-${month}.pdf`}
          testId="monthly-pdf"
          type="primary"
        >
          {t('stats.monthly.pdf')}
        </DownloadButton>
        <DownloadButton
          path={monthlyReportPath('.xlsx', month, communityId)}
          fileName={`monthly-report-${month}.xlsx`}
          testId="monthly-xlsx"
        >
          {t('stats.monthly.xlsx')}
        </DownloadButton>
        {role === 'subdistrict' ? (
          <>
            <DownloadButton
              path={monthlyReportPath('.pdf', month, undefined)}
              fileName={`monthly-report-${month}-all.pdf`}
              testId="monthly-all-pdf"
            >
              {t('stats.monthly.allPdf')}
            </DownloadButton>
            <DownloadButton
              path={monthlyReportPath('.xlsx', month, undefined)}
              fileName={`monthly-report-${month}-all.xlsx`}
              testId="monthly-all-xlsx"
            >
              {t('stats.monthly.allXlsx')}
            </DownloadButton>
          </>
        ) : null}
        {role === 'committee' && report.data && !report.data.closed ? (
          month < thisMonth ? (
            <Button size="large" danger onClick={askToClose} data-testid="monthly-close">
              {t('stats.monthly.close')}
            </Button>
          ) : (
            <Typography.Text style={{ fontSize: 17, alignSelf: 'center' }}>
              {t('stats.monthly.notOver')}
            </Typography.Text>
          )
        ) : null}
      </Flex>
      {!ready || report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorAlert error={report.error} />
      ) : (
        <>
          <div style={{ marginBottom: 16 }}>
            <ClosedState report={report.data} />
          </div>
          <ReportBody report={report.data} />
        </>
      )}
    </>
  );
}
