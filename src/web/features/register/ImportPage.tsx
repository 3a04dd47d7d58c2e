import { Alert, Button, Card, Col, Flex, Grid, Row, Table, Tag, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { TImportReport } from '../../../shared/contracts/import';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { canWriteRegister } from '../../lib/roles';
import { useImportRegister } from './api';

type Issue = TImportReport['issues'][number];

/** Check first, then decide: the dry-run report, then "import the N valid rows" or "discard". */
export function ImportPage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const fileInputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<TImportReport | null>(null);
  const [outcome, setOutcome] = useState<'committed' | 'discarded' | null>(null);
  const dryRun = useImportRegister();
  const commit = useImportRegister();

  const startOver = () => {
    setFile(null);
    setReport(null);
    setOutcome(null);
    dryRun.reset();
    commit.reset();
    if (inputRef.current) inputRef.current.value = '';
  };

  if (!canWriteRegister(session.user.role)) {
    return (
      <>
        <BackLink to="/register">{t('register.heading')}</BackLink>
        <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
          {t('importPage.heading')}
        </Typography.Title>
        <Alert type="warning" showIcon title={t('importPage.forbidden')} />
      </>
    );
  }

  return (
    <>
      <BackLink to="/register">{t('register.heading')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('importPage.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('importPage.intro')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 12 }}>
        <h2 className="linli-subheading">{t('importPage.step1')}</h2>
        <DownloadButton path="/api/v1/register/import/template" fileName="register-template.xlsx">
          {t('importPage.template')}
        </DownloadButton>
      </Card>

      <Card size="small" style={{ marginBottom: 12 }}>
        <h2 className="linli-subheading">{t('importPage.step2')}</h2>
        <input
          ref={inputRef}
          id={fileInputId}
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          className="linli-file-input"
          data-testid="import-file"
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            setFile(chosen);
            setReport(null);
            setOutcome(null);
            dryRun.reset();
            commit.reset();
          }}
        />
        <label htmlFor={fileInputId} className="linli-button-link linli-file-label">
          <span aria-hidden="true">⤒&nbsp;</span>
          {t('importPage.choose')}
        </label>
        <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }} data-testid="import-chosen">
          {file ? t('importPage.chosen', { name: file.name }) : t('importPage.noFile')}
        </Typography.Paragraph>
      </Card>

      <Card size="small" style={{ marginBottom: 12 }}>
        <h2 className="linli-subheading">{t('importPage.step3')}</h2>
        <Button
          type="primary"
          size="large"
          disabled={!file || outcome !== null}
          loading={dryRun.isPending}
          data-testid="import-dry-run"
          onClick={() => {
            if (!file) return;
            dryRun.mutate({ file, dryRun: true }, { onSuccess: (result) => setReport(result) });
          }}
        >
          {t('importPage.dryRun')}
        </Button>
        {dryRun.isError ? (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={dryRun.error} />
          </div>
        ) : null}
      </Card>

      {report ? <Report report={report} /> : null}

      {report && file && outcome === null ? (
        <Card size="small" style={{ marginBottom: 12 }}>
          <h2 className="linli-subheading">{t('importPage.step4')}</h2>
          <Flex gap={12} wrap>
            <DownloadButton
              path="/api/v1/register/import/report.xlsx"
              fileName="import-report.xlsx"
              file={file}
              testId="import-report-download"
            >
              {t('importPage.downloadReport')}
            </DownloadButton>
            <Button
              type="primary"
              size="large"
              disabled={report.summary.importable_rows === 0}
              loading={commit.isPending}
              data-testid="import-commit"
              onClick={() =>
                commit.mutate(
                  { file, dryRun: false },
                  {
                    onSuccess: (result) => {
                      setReport(result);
                      setOutcome('committed');
                    },
                  },
                )
              }
            >
              {t('importPage.commit', { count: report.summary.importable_rows })}
            </Button>
            <Button size="large" onClick={() => setOutcome('discarded')} data-testid="import-discard">
              {t('importPage.discard')}
            </Button>
          </Flex>
          {commit.isError ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={commit.error} />
            </div>
          ) : null}
        </Card>
      ) : null}

      {outcome ? (
        <Alert
          type={outcome === 'committed' ? 'success' : 'info'}
          showIcon
          role="status"
          data-testid="import-outcome"
          style={{ marginBottom: 12 }}
          title={outcome === 'committed' ? t('importPage.committedHeading') : t('importPage.discarded')}
          description={
            outcome === 'committed' && report
              ? t('importPage.committed', {
                  households: report.created.households,
                  residents: report.created.residents,
                  updated: report.updated.residents,
                })
              : undefined
          }
        />
      ) : null}

      {outcome ? (
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Link to="/register" className="linli-button-link" data-testid="import-to-register">
            {t('importPage.toRegister')}
          </Link>
          <Button size="large" onClick={startOver}>
            {t('importPage.again')}
          </Button>
        </Flex>
      ) : null}

      <Card size="small">
        <DownloadButton path="/api/v1/register/export" fileName="register.xlsx">
          {t('importPage.export')}
        </DownloadButton>
      </Card>
    </>
  );
}

function Report({ report }: { report: TImportReport }) {
  const { t } = useTranslation();
  const headingId = useId();
  const issuesId = useId();
  const screens = Grid.useBreakpoint();
  const { summary } = report;
  const warningRows = Object.values(summary.warnings_by_reason).reduce((a, b) => a + b, 0);
  const stats: { key: string; label: string; value: number; tone?: 'good' | 'bad' }[] = [
    { key: 'data', label: t('importPage.dataRows'), value: summary.data_rows },
    { key: 'importable', label: t('importPage.importable'), value: summary.importable_rows, tone: 'good' },
    { key: 'errors', label: t('importPage.errorRows'), value: summary.error_rows, tone: 'bad' },
    { key: 'warnings', label: t('importPage.warningRows'), value: warningRows },
    { key: 'households', label: t('importPage.households'), value: summary.households },
  ];

  const reasonList = (counts: Record<string, number>, testId: string) => (
    <ul className="linli-reasons" data-testid={testId}>
      {Object.entries(counts).map(([reason, count]) => (
        <li key={reason}>
          {t('importPage.reasonLine', {
            reason: t(`importReasons.${reason}`, { defaultValue: reason }),
            count,
          })}
        </li>
      ))}
    </ul>
  );

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 12 }} data-testid="import-report">
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('importPage.reportHeading')}
      </Typography.Title>
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stats.map((stat) => (
          <Col key={stat.key} xs={12} sm={8}>
            <Card size="small" style={{ height: '100%' }} data-testid={`import-stat-${stat.key}`}>
              <div className="linli-stat-label">{stat.label}</div>
              <div
                className="linli-stat-value"
                data-testid={`import-${stat.key}`}
                style={stat.tone === 'bad' && stat.value > 0 ? { color: '#b91c1c' } : undefined}
              >
                {stat.value}
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      {Object.keys(summary.errors_by_reason).length > 0 ? (
        <>
          <h3 className="linli-subheading">{t('importPage.errorsByReason')}</h3>
          {reasonList(summary.errors_by_reason, 'import-errors-by-reason')}
        </>
      ) : null}
      {Object.keys(summary.warnings_by_reason).length > 0 ? (
        <>
          <h3 className="linli-subheading">{t('importPage.warningsByReason')}</h3>
          {reasonList(summary.warnings_by_reason, 'import-warnings-by-reason')}
        </>
      ) : null}

      <h3 id={issuesId} className="linli-subheading">
        {t('importPage.issuesHeading', { count: report.issues.length })}
      </h3>
      {report.issues.length === 0 ? (
        <Typography.Paragraph>{t('importPage.noIssues')}</Typography.Paragraph>
      ) : screens.md ? (
        <Table<Issue>
          aria-labelledby={issuesId}
          size="middle"
          rowKey={(issue) => `${issue.row}-${issue.column ?? ''}-${issue.reason}`}
          dataSource={report.issues}
          pagination={report.issues.length > 50 ? { pageSize: 50 } : false}
          columns={[
            { title: t('importPage.rowHeader'), dataIndex: 'row', width: 80 },
            {
              title: t('importPage.column'),
              dataIndex: 'column',
              width: 140,
              render: (value: string | null) => value ?? '—',
            },
            {
              title: t('importPage.reason'),
              dataIndex: 'reason',
              render: (_value, issue) => <IssueReason issue={issue} />,
            },
            {
              title: t('importPage.message'),
              dataIndex: 'message',
              render: (value: string) => <span data-testid="import-issue-message">{value}</span>,
            },
          ]}
        />
      ) : (
        <ul className="linli-list" aria-labelledby={issuesId} data-testid="import-issues">
          {report.issues.map((issue) => (
            <li
              key={`${issue.row}-${issue.column ?? ''}-${issue.reason}`}
              className="linli-list-item"
              style={{ display: 'block' }}
            >
              <Flex justify="space-between" wrap gap={8}>
                <strong>{t('importPage.row', { row: issue.row })}</strong>
                {issue.column ? <span>{t('importPage.columnValue', { column: issue.column })}</span> : null}
              </Flex>
              <IssueReason issue={issue} />
              <div data-testid="import-issue-message">{issue.message}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function IssueReason({ issue }: { issue: Issue }) {
  const { t } = useTranslation();
  return (
    <div>
      <Tag
        color={issue.severity === 'error' ? '#8a1c1c' : '#6b4500'}
        style={{ fontSize: 16, padding: '2px 8px' }}
      >
        <span aria-hidden="true">{issue.severity === 'error' ? '✕ ' : '! '}</span>
        {t(`importPage.severity.${issue.severity}`)}
      </Tag>
      {t(`importReasons.${issue.reason}`)}
    </div>
  );
}
