import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext, useSearchParams } from 'react-router';
import type { z } from 'zod';
import {
  APPLICATION_STATUSES,
  DECISION_OUTCOMES,
  GRANT_HARDSHIPS,
  GRANT_PAPERS,
  type TApplicationTableRow,
  type TDecisionTableRow,
  type TGrantTableRow,
  type TNoticeTableRow,
  ZApplicationTable,
  ZDecisionTable,
  ZGrantTable,
  ZNoticeTable,
} from '../../../shared/contracts/welfareTables';
import type { ShellContext } from '../../app/AppShell';
import { DateField } from '../../components/DateField';
import { ChoiceFilter, FilterField } from '../../components/DeskFilters';
import {
  type DeskColumn,
  DeskTable,
  type DeskTableState,
  useDeskTableState,
} from '../../components/DeskTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { yuan } from '../../lib/format';
import { useBuildings } from '../../lib/queries';
import { usePolicies } from './api';
import { StateTag } from './StateTag';
import { inUiLanguage } from './text';

/**
 * The welfare office at a desk (issue 23): what waits today, then the applications, decisions, emergency
 * grants and public notices as tables — filters, sort, count, pages from the server, columns to show or
 * hide, filters kept per person, arrows and Enter, and 导出 Excel of exactly what each table shows.
 */

const TABS = ['work', 'applications', 'decisions', 'grants', 'notices'] as const;
type Tab = (typeof TABS)[number];

/** A stored instant as the China day and minute, as the office reads it. */
function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function WelfareDesk({ work }: { work: React.ReactNode }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'work';
  return (
    <Flex vertical gap={8} data-testid="welfare-desk">
      <Typography.Title level={1} style={{ fontSize: 30, margin: 0 }}>
        {t('welfare.heading')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        size="large"
        onChange={(key) =>
          setParams(
            (previous) => {
              const next = new URLSearchParams(previous);
              if (key === 'work') next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          { key: 'work', label: t('welfareTables.workTab'), children: work },
          { key: 'applications', label: t('welfareTables.applicationsTab'), children: <ApplicationsTable /> },
          { key: 'decisions', label: t('welfareTables.decisionsTab'), children: <DecisionsTable /> },
          { key: 'grants', label: t('welfareTables.grantsTab'), children: <GrantsTable /> },
          { key: 'notices', label: t('welfareTables.noticesTab'), children: <NoticesTable /> },
        ]}
      />
    </Flex>
  );
}

function PolicyFilter({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  const policies = usePolicies();
  return (
    <ChoiceFilter
      table={table}
      name="policyId"
      label={t('welfareTables.policy')}
      width={240}
      testId="filter-policy"
      options={(policies.data?.policies ?? []).map((p) => ({ value: p.id, label: inUiLanguage(p.title) }))}
    />
  );
}

function BuildingFilter({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  const buildings = useBuildings();
  return (
    <ChoiceFilter
      table={table}
      name="buildingId"
      label={t('welfareTables.building')}
      width={140}
      testId="filter-building"
      options={(buildings.data?.items ?? []).map((b) => ({
        value: b.id,
        label: t('welfareTables.buildingNumber', { number: b.number }),
      }))}
    />
  );
}

function TextFilter({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  const [text, setText] = useState(table.query.filters.q ?? '');
  return (
    <FilterField label={t('welfareTables.text')}>
      {(id) => (
        <Input.Search
          id={id}
          size="large"
          data-testid="filter-q"
          value={text}
          allowClear
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => table.setFilters({ q: value.trim() })}
          placeholder={t('welfareTables.textPlaceholder')}
          style={{ width: 300 }}
        />
      )}
    </FilterField>
  );
}

function DaysFilter({ table, label }: { table: DeskTableState; label: string }) {
  const { t } = useTranslation();
  const f = table.query.filters;
  return (
    <FilterField label={`${label}：${t('welfareTables.from')}`}>
      {(id) => (
        <Flex gap={8} align="center">
          <DateField
            id={id}
            allowClear
            data-testid="filter-from"
            value={f.from ?? ''}
            onChange={(from) => table.setFilters({ from })}
          />
          <span aria-hidden="true">{t('welfareTables.to')}</span>
          <DateField
            allowClear
            data-testid="filter-to"
            aria-label={`${label}：${t('welfareTables.to')}`}
            value={f.to ?? ''}
            onChange={(to) => table.setFilters({ to })}
          />
        </Flex>
      )}
    </FilterField>
  );
}

function FilterBar({ table, children }: { table: DeskTableState; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('welfareTables.filters')}>
      <Flex gap={16} wrap align="end" data-testid="welfare-filters">
        {children}
        <Button size="large" onClick={() => table.clearFilters()} data-testid="filter-clear">
          {t('welfareTables.clear')}
        </Button>
      </Flex>
    </section>
  );
}

/** One table's rows from its endpoint, the previous page kept on screen while the next arrives. */
function useTablePage<T>(path: string, table: DeskTableState, schema: z.ZodType<T>) {
  return useQuery({
    queryKey: ['welfare', 'table', path, table.params.toString()],
    queryFn: ({ signal }) => api(`${path}?${table.params.toString()}`, { schema, signal }),
    placeholderData: keepPreviousData,
  });
}

const money = (fen: number | null) => (fen === null ? '—' : yuan(fen));
const householdLink = (householdId: string, label: string) => (
  <Link to={`/households/${encodeURIComponent(householdId)}/welfare`} tabIndex={-1}>
    {label}
  </Link>
);

function ApplicationsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({
    id: 'welfare-applications',
    userId: session.user.id,
    defaultSort: '-filed',
  });
  const data = useTablePage('/api/v1/welfare/tables/applications', table, ZApplicationTable);
  const c = (key: string) => t(`welfareTables.columns.${key}` as 'welfareTables.columns.address');
  const columns: DeskColumn<TApplicationTableRow>[] = [
    {
      key: 'filedAt',
      title: c('filedAt'),
      sortKey: 'filed',
      render: (_: unknown, r) => chinaTime(r.filedAt),
    },
    {
      key: 'applicant',
      title: c('applicant'),
      alwaysShown: true,
      render: (_: unknown, r) => householdLink(r.household.householdId, r.applicantName),
    },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      render: (_: unknown, r) => r.household.address.label,
    },
    { key: 'policy', title: c('policy'), render: (_: unknown, r) => r.policyTitle },
    {
      key: 'status',
      title: c('status'),
      sortKey: 'status',
      render: (_: unknown, r) => (
        <StateTag tone={r.status === 'approved' ? 'good' : r.status === 'rejected' ? 'bad' : 'pending'}>
          {t(`welfareTables.statuses.${r.status}`)}
        </StateTag>
      ),
    },
    {
      key: 'outcome',
      title: c('outcome'),
      render: (_: unknown, r) => t(`welfare.outcomes.${r.outcome}`),
    },
    {
      key: 'amount',
      title: c('amount'),
      sortKey: 'amount',
      align: 'right',
      render: (_: unknown, r) => money(r.amountFen),
    },
    {
      key: 'missingDocuments',
      title: c('missingDocuments'),
      render: (_: unknown, r) =>
        r.missingDocuments.length > 0 ? (
          <strong className="linli-overdue">{r.missingDocuments.join('、')}</strong>
        ) : (
          '—'
        ),
    },
    { key: 'filedBy', title: c('filedBy'), defaultHidden: true },
  ];
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<TApplicationTableRow>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('welfareTables.applicationsTable')}
        onOpen={(r) => void navigate(`/households/${encodeURIComponent(r.household.householdId)}/welfare`)}
        exportPath="/api/v1/welfare/tables/applications/export"
        exportFileName={t('welfareTables.fileApplications')}
        testId="welfare-applications-table"
        filterBar={
          <FilterBar table={table}>
            <TextFilter table={table} />
            <PolicyFilter table={table} />
            <ChoiceFilter
              table={table}
              name="status"
              label={t('welfareTables.status')}
              width={180}
              testId="filter-status"
              options={APPLICATION_STATUSES.map((s) => ({
                value: s,
                label: t(`welfareTables.statuses.${s}`),
              }))}
            />
            <BuildingFilter table={table} />
            <ChoiceFilter
              table={table}
              name="missingDocuments"
              label={t('welfareTables.missingDocuments')}
              testId="filter-missing"
              options={[
                { value: 'yes', label: t('welfareTables.missingYes') },
                { value: 'no', label: t('welfareTables.missingNo') },
              ]}
            />
            <DaysFilter table={table} label={t('welfareTables.filedBetween')} />
          </FilterBar>
        }
      />
    </>
  );
}

function DecisionsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: 'welfare-decisions', userId: session.user.id, defaultSort: '-made' });
  const data = useTablePage('/api/v1/welfare/tables/decisions', table, ZDecisionTable);
  const c = (key: string) => t(`welfareTables.columns.${key}` as 'welfareTables.columns.address');
  const columns: DeskColumn<TDecisionTableRow>[] = [
    {
      key: 'createdAt',
      title: c('createdAt'),
      sortKey: 'made',
      render: (_: unknown, r) => chinaTime(r.createdAt),
    },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      alwaysShown: true,
      render: (_: unknown, r) => householdLink(r.household.householdId, r.household.address.label),
    },
    { key: 'name', title: c('name'), render: (_: unknown, r) => r.household.name },
    { key: 'policy', title: c('policy'), render: (_: unknown, r) => r.policyTitle },
    { key: 'date', title: c('date'), defaultHidden: true },
    {
      key: 'outcome',
      title: c('outcome'),
      render: (_: unknown, r) => (
        <StateTag
          tone={r.outcome === 'eligible' ? 'good' : r.outcome === 'needs_evidence' ? 'pending' : 'bad'}
        >
          {t(`welfare.outcomes.${r.outcome}`)}
        </StateTag>
      ),
    },
    {
      key: 'amount',
      title: c('amount'),
      sortKey: 'amount',
      align: 'right',
      render: (_: unknown, r) => money(r.amountFen),
    },
    {
      key: 'hardship',
      title: c('hardship'),
      render: (_: unknown, r) =>
        r.hardship && (GRANT_HARDSHIPS as readonly string[]).includes(r.hardship)
          ? t(`welfareTables.hardships.${r.hardship as (typeof GRANT_HARDSHIPS)[number]}`)
          : '—',
    },
    { key: 'createdBy', title: c('createdBy') },
  ];
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<TDecisionTableRow>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('welfareTables.decisionsTable')}
        onOpen={(r) => void navigate(`/households/${encodeURIComponent(r.household.householdId)}/welfare`)}
        exportPath="/api/v1/welfare/tables/decisions/export"
        exportFileName={t('welfareTables.fileDecisions')}
        testId="welfare-decisions-table"
        filterBar={
          <FilterBar table={table}>
            <TextFilter table={table} />
            <PolicyFilter table={table} />
            <ChoiceFilter
              table={table}
              name="outcome"
              label={t('welfareTables.outcome')}
              testId="filter-outcome"
              options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`welfare.outcomes.${o}`) }))}
            />
            <BuildingFilter table={table} />
            <DaysFilter table={table} label={t('welfareTables.madeBetween')} />
          </FilterBar>
        }
      />
    </>
  );
}

function GrantsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: 'welfare-grants', userId: session.user.id, defaultSort: '-paid' });
  const data = useTablePage('/api/v1/welfare/tables/grants', table, ZGrantTable);
  const c = (key: string) => t(`welfareTables.columns.${key}` as 'welfareTables.columns.address');
  const papers = (r: TGrantTableRow) => {
    if (r.papersCompletedOn)
      return <StateTag tone="good">{t('welfareTables.papersDone', { date: r.papersCompletedOn })}</StateTag>;
    if (r.papersDueOn === null) return t('welfareTables.papersNone');
    if (r.papersOverdue)
      return (
        <strong className="linli-overdue">{t('welfareTables.papersOverdue', { date: r.papersDueOn })}</strong>
      );
    return <StateTag tone="pending">{t('welfareTables.papersDue', { date: r.papersDueOn })}</StateTag>;
  };
  const columns: DeskColumn<TGrantTableRow>[] = [
    { key: 'paidOn', title: c('paidOn'), sortKey: 'paid' },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      alwaysShown: true,
      render: (_: unknown, r) => householdLink(r.household.householdId, r.household.address.label),
    },
    { key: 'name', title: c('name'), render: (_: unknown, r) => r.household.name },
    {
      key: 'hardship',
      title: c('hardship'),
      render: (_: unknown, r) => t(`welfareTables.hardships.${r.hardship}`),
    },
    {
      key: 'amount',
      title: c('grantAmount'),
      sortKey: 'amount',
      align: 'right',
      render: (_: unknown, r) => yuan(r.amountFen),
    },
    {
      key: 'reason',
      title: c('reason'),
      render: (_: unknown, r) => (
        <span style={{ display: 'inline-block', maxWidth: 320, whiteSpace: 'normal' }}>{r.reason}</span>
      ),
    },
    { key: 'papers', title: c('papers'), render: (_: unknown, r) => papers(r) },
    { key: 'grantedBy', title: c('grantedBy') },
  ];
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<TGrantTableRow>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('welfareTables.grantsTable')}
        onOpen={(r) => void navigate(`/households/${encodeURIComponent(r.household.householdId)}/welfare`)}
        exportPath="/api/v1/welfare/tables/grants/export"
        exportFileName={t('welfareTables.fileGrants')}
        testId="welfare-grants-table"
        filterBar={
          <>
            <FilterBar table={table}>
              <TextFilter table={table} />
              <ChoiceFilter
                table={table}
                name="hardship"
                label={t('welfareTables.hardship')}
                testId="filter-hardship"
                options={GRANT_HARDSHIPS.map((h) => ({ value: h, label: t(`welfareTables.hardships.${h}`) }))}
              />
              <ChoiceFilter
                table={table}
                name="papers"
                label={t('welfareTables.papers')}
                testId="filter-papers"
                options={GRANT_PAPERS.map((p) => ({ value: p, label: t(`welfareTables.paperStates.${p}`) }))}
              />
              <BuildingFilter table={table} />
              <DaysFilter table={table} label={t('welfareTables.paidBetween')} />
            </FilterBar>
            {data.data ? (
              <Typography.Text style={{ fontSize: 18 }} data-testid="welfare-grants-sum">
                {t('welfareTables.totalFen', { amount: yuan(data.data.totalFen) })}
              </Typography.Text>
            ) : null}
          </>
        }
      />
    </>
  );
}

function NoticesTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: 'welfare-notices', userId: session.user.id, defaultSort: '-starts' });
  const data = useTablePage('/api/v1/welfare/tables/notices', table, ZNoticeTable);
  const c = (key: string) => t(`welfareTables.columns.${key}` as 'welfareTables.columns.address');
  const columns: DeskColumn<TNoticeTableRow>[] = [
    {
      key: 'title',
      title: c('title'),
      alwaysShown: true,
      render: (_: unknown, r) => (
        <Link to={`/welfare/notices/${encodeURIComponent(r.id)}`} tabIndex={-1}>
          {r.title}
        </Link>
      ),
    },
    { key: 'startsOn', title: c('startsOn'), sortKey: 'starts' },
    { key: 'endsOn', title: c('endsOn'), sortKey: 'ends' },
    {
      key: 'daysLeft',
      title: c('daysLeft'),
      render: (_: unknown, r) =>
        r.workingDaysLeft > 0 ? (
          <StateTag tone="info">{t('welfareTables.daysLeft', { count: r.workingDaysLeft })}</StateTag>
        ) : (
          t('welfareTables.ended')
        ),
    },
    { key: 'entries', title: c('entries'), align: 'right' },
    { key: 'objections', title: c('objections'), align: 'right' },
    {
      key: 'unanswered',
      title: c('unansweredCount'),
      align: 'right',
      render: (_: unknown, r) =>
        r.unanswered > 0 ? <strong className="linli-overdue">{r.unanswered}</strong> : 0,
    },
    { key: 'publishedBy', title: c('publishedBy') },
  ];
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<TNoticeTableRow>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('welfareTables.noticesTable')}
        onOpen={(r) => void navigate(`/welfare/notices/${encodeURIComponent(r.id)}`)}
        exportPath="/api/v1/welfare/tables/notices/export"
        exportFileName={t('welfareTables.fileNotices')}
        testId="welfare-notices-table"
        filterBar={
          <FilterBar table={table}>
            <PolicyFilter table={table} />
            <ChoiceFilter
              table={table}
              name="running"
              label={t('welfareTables.running')}
              testId="filter-running"
              options={[
                { value: 'running', label: t('welfareTables.runningYes') },
                { value: 'ended', label: t('welfareTables.runningEnded') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="unanswered"
              label={t('welfareTables.unanswered')}
              width={200}
              testId="filter-unanswered"
              options={[{ value: 'yes', label: t('welfareTables.unanswered') }]}
            />
            <DaysFilter table={table} label={t('welfareTables.startsBetween')} />
          </FilterBar>
        }
      />
    </>
  );
}
