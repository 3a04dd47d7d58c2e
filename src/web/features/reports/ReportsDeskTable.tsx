import { Button, Checkbox, Flex, Input, Select, Tag, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TSessionResponse } from '../../../shared/contracts/auth';
import {
  REPORT_STATES,
  type TReportBulkResult,
  type TReportSummary,
} from '../../../shared/contracts/reports';
import { TIERS } from '../../../shared/roles';
import { BulkResultDialog } from '../../components/BulkResultDialog';
import { DateField } from '../../components/DateField';
import { type DeskColumn, DeskTable, useDeskTableState } from '../../components/DeskTable';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { useBuildingChoices, useBulk, useCatalogue, useChainPeople, useReportPage } from './api';
import { StateTag, UrgencyTag } from './ReportBits';

const BIG = { fontSize: 18 } as const;
const STATE_GROUPS = ['open', 'closed', 'all'] as const;

/** `YYYY-MM-DD` of a date in China time, as the server counts days. */
function chinaDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Monday to Sunday of the week before this one, in China time. */
function lastWeek(now = new Date()): { from: string; to: string } {
  const today = new Date(`${chinaDay(now)}T00:00:00Z`);
  const weekday = (today.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(today.getTime() - (weekday + 7) * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

function timeText(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The reports at a desk: filters, sorting, a count, server-side pages, rows picked for 已受理 or 指派 at
 * once with a summary of what was done and refused, and 导出 Excel of exactly what the table shows.
 */
export function ReportsDeskTable({ session }: { session: TSessionResponse }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const table = useDeskTableState({
    id: 'reports',
    userId: session.user.id,
    defaultSort: '-created',
    initialFilters: undefined,
  });
  const { filters } = table.query;
  const page = useReportPage(table.params);
  const catalogue = useCatalogue();
  const buildings = useBuildingChoices();
  const people = useChainPeople();
  const bulk = useBulk();
  const [selected, setSelected] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string | undefined>();
  const [result, setResult] = useState<TReportBulkResult | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const officeRole = session.user.role === 'worker' || session.user.role === 'committee';
  const mayHandle = session.user.role !== 'subdistrict';

  const rows = page.data?.items;
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);
  const [seen, setSeen] = useState(new Map<string, TReportSummary>());
  const remember = (list: readonly TReportSummary[]) =>
    setSeen((m) => new Map([...m, ...list.map((r) => [r.id, r] as const)]));

  const stateValue = filters.states ?? filters.state ?? 'open';
  const setState = (value: string) =>
    (STATE_GROUPS as readonly string[]).includes(value)
      ? table.setFilters({ state: value, states: undefined })
      : table.setFilters({ state: 'all', states: value });
  const multi = (key: string) => (filters[key] ? (filters[key] as string).split(',') : []);
  const setMulti = (key: string) => (values: string[]) => table.setFilters({ [key]: values.join(',') });

  const now = Date.now();
  const column = (
    key: string,
    extra: Omit<DeskColumn<TReportSummary>, 'key' | 'title'> = {},
  ): DeskColumn<TReportSummary> => ({
    key,
    title: t(`reportsTable.columns.${key}` as 'reportsTable.columns.state'),
    ...extra,
  });
  const columns: DeskColumn<TReportSummary>[] = [
    column('createdAt', { sortKey: 'created', render: (v: string) => timeText(v), width: 170 }),
    column('category', { sortKey: 'category', dataIndex: 'categoryName', alwaysShown: true }),
    column('urgency', { sortKey: 'urgency', render: (_: unknown, r) => <UrgencyTag report={r} /> }),
    column('state', { sortKey: 'state', render: (_: unknown, r) => <StateTag state={r.state} /> }),
    column('place', { render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> }),
    column('description', {
      render: (v: string) => (
        <span style={{ display: 'inline-block', maxWidth: 320, whiteSpace: 'normal' }}>{v}</span>
      ),
    }),
    column('responsible', {
      render: (_: unknown, r) => r.responsible?.name ?? t(`tiers.${r.responsibleTier}`),
    }),
    column('feedbackDueAt', {
      sortKey: 'deadline',
      render: (v: string, r) => {
        const late =
          (r.state === 'new' || r.state === 'acknowledged' || r.state === 'in_progress') &&
          (new Date(v).getTime() < now || (r.ackDueAt !== null && new Date(r.ackDueAt).getTime() < now));
        return (
          <span>
            {timeText(v)}
            {late ? (
              <Tag color="#b91c1c" style={{ ...BIG, marginInlineStart: 8 }}>
                {t('reportsTable.overdueTag')}
              </Tag>
            ) : null}
          </span>
        );
      },
    }),
    column('recordedBy'),
  ];

  const runBulk = (body: Parameters<typeof bulk.mutate>[0]) => {
    setBulkError(null);
    remember([...selected].flatMap((id) => (byId.get(id) ? [byId.get(id) as TReportSummary] : [])));
    bulk.mutate(body, {
      onSuccess: (answer) => {
        setResult(answer);
        setSelected([]);
      },
      onError: (error) => setBulkError(errorText(error)),
    });
  };
  const label = (id: string) => {
    const r = byId.get(id) ?? seen.get(id);
    return r ? `${r.place} ${r.categoryName}` : id.slice(0, 8);
  };
  const lastWeekRange = lastWeek();

  return (
    <Flex vertical gap={16} data-testid="reports-desk">
      <Typography.Title level={1} style={{ fontSize: 30, margin: 0 }}>
        {t('reports.listHeading')}
      </Typography.Title>
      <section aria-label={t('reportsTable.filtersLabel')}>
        <Flex wrap gap={16} align="end">
          <Field label={t('reportsTable.search')}>
            <Input.Search
              aria-label={t('reportsTable.search')}
              size="large"
              allowClear
              defaultValue={filters.q}
              placeholder={t('reportsTable.searchPlaceholder')}
              onSearch={(value) => table.setFilters({ q: value })}
              style={{ width: 260 }}
              data-testid="filter-q"
            />
          </Field>
          <Field label={t('reportsTable.state')}>
            <Select
              aria-label={t('reportsTable.state')}
              size="large"
              value={stateValue}
              onChange={setState}
              style={{ width: 160 }}
              data-testid="filter-state"
              options={[
                ...STATE_GROUPS.map((g) => ({ value: g, label: t(`reportsTable.stateGroups.${g}`) })),
                ...REPORT_STATES.map((s) => ({ value: s, label: t(`reports.states.${s}`) })),
              ]}
            />
          </Field>
          <Field label={t('reportsTable.category')}>
            <Select
              aria-label={t('reportsTable.category')}
              size="large"
              mode="multiple"
              allowClear
              value={multi('category')}
              onChange={setMulti('category')}
              placeholder={t('reportsTable.any')}
              style={{ minWidth: 200 }}
              data-testid="filter-category"
              options={(catalogue.data?.categories ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
          </Field>
          <Field label={t('reportsTable.urgency')}>
            <Select
              aria-label={t('reportsTable.urgency')}
              size="large"
              mode="multiple"
              allowClear
              value={multi('urgency')}
              onChange={setMulti('urgency')}
              placeholder={t('reportsTable.any')}
              style={{ minWidth: 180 }}
              options={(catalogue.data?.urgencies ?? []).map((u) => ({ value: u.code, label: u.name }))}
            />
          </Field>
          <Field label={t('reportsTable.building')}>
            <Select
              aria-label={t('reportsTable.building')}
              size="large"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filters.buildingId}
              onChange={(v?: string) => table.setFilters({ buildingId: v })}
              placeholder={t('reportsTable.any')}
              style={{ width: 160 }}
              data-testid="filter-building"
              options={(buildings.data?.items ?? []).map((b) => ({
                value: b.id,
                label: t('reportsTable.buildingNumber', { number: b.number }),
              }))}
            />
          </Field>
          <Field label={t('reportsTable.tier')}>
            <Select
              aria-label={t('reportsTable.tier')}
              size="large"
              mode="multiple"
              allowClear
              value={multi('responsibleTier')}
              onChange={setMulti('responsibleTier')}
              placeholder={t('reportsTable.any')}
              style={{ minWidth: 180 }}
              options={TIERS.map((tier) => ({ value: tier, label: t(`tiers.${tier}`) }))}
            />
          </Field>
          <Field label={t('reportsTable.person')}>
            <Select
              aria-label={t('reportsTable.person')}
              size="large"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filters.responsiblePositionId}
              onChange={(v?: string) => table.setFilters({ responsiblePositionId: v })}
              placeholder={t('reportsTable.any')}
              style={{ width: 200 }}
              options={(people.data ?? []).map((p) => ({
                value: p.positionId,
                label: `${p.personName}（${t(`tiers.${p.tier}`)}）`,
              }))}
            />
          </Field>
          <Field label={t('reportsTable.from')}>
            <Flex gap={8} align="center">
              <DateField
                value={filters.from ?? ''}
                onChange={(from) => table.setFilters({ from })}
                allowClear
                aria-label={t('reportsTable.from')}
                data-testid="filter-from"
              />
              <span>{t('reportsTable.to')}</span>
              <DateField
                value={filters.to ?? ''}
                onChange={(to) => table.setFilters({ to })}
                allowClear
                aria-label={t('reportsTable.to')}
                data-testid="filter-to"
              />
            </Flex>
          </Field>
          <Flex gap={8}>
            <Button
              size="large"
              onClick={() => table.setFilters(lastWeekRange)}
              data-testid="filter-last-week"
            >
              {t('reportsTable.lastWeek')}
            </Button>
            <Button
              size="large"
              onClick={() =>
                table.setFilters({
                  from: chinaDay(new Date(Date.now() - 6 * 86_400_000)),
                  to: chinaDay(new Date()),
                })
              }
            >
              {t('reportsTable.last7Days')}
            </Button>
          </Flex>
          <Checkbox
            style={BIG}
            checked={filters.overdue === 'true'}
            onChange={(e) => table.setFilters({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="filter-overdue"
          >
            {t('reportsTable.overdue')}
          </Checkbox>
          <Checkbox
            style={BIG}
            checked={filters.recordedByUserId === session.user.id}
            onChange={(e) =>
              table.setFilters({ recordedByUserId: e.target.checked ? session.user.id : undefined })
            }
          >
            {t('reportsTable.mine')}
          </Checkbox>
          <Button size="large" onClick={() => table.clearFilters()}>
            {t('reportsTable.clear')}
          </Button>
        </Flex>
      </section>

      {mayHandle && selected.length > 0 ? (
        <Flex
          wrap
          gap={12}
          align="center"
          data-testid="bulk-bar"
          style={{ padding: 12, background: '#eef2ff', borderRadius: 8 }}
        >
          <Typography.Text strong style={BIG}>
            {t('reportsTable.selected', { count: selected.length })}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            loading={bulk.isPending}
            onClick={() => runBulk({ action: 'acknowledge', ids: selected })}
            data-testid="bulk-acknowledge"
          >
            {t('reportsTable.acknowledge')}
          </Button>
          {officeRole ? (
            <Flex gap={8} align="center">
              <span style={BIG}>{t('reportsTable.assignTo')}</span>
              <Select
                size="large"
                showSearch={{ optionFilterProp: 'label' }}
                value={assignee}
                onChange={setAssignee}
                placeholder={t('reportsTable.assignPlaceholder')}
                aria-label={t('reportsTable.assignTo')}
                style={{ width: 220 }}
                options={(people.data ?? []).map((p) => ({
                  value: p.positionId,
                  label: `${p.personName}（${t(`tiers.${p.tier}`)}）`,
                }))}
              />
              <Button
                size="large"
                disabled={!assignee}
                loading={bulk.isPending}
                onClick={() => assignee && runBulk({ action: 'assign', ids: selected, positionId: assignee })}
              >
                {t('reportsTable.assign')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      ) : null}
      {bulkError ? <Typography.Text type="danger">{bulkError}</Typography.Text> : null}

      {page.isError ? <ErrorAlert error={page.error} onRetry={() => void page.refetch()} /> : null}
      <DeskTable<TReportSummary>
        state={table}
        columns={columns}
        rows={rows}
        total={page.data?.total ?? 0}
        loading={page.isPending || page.isFetching}
        rowKey="id"
        label={t('reportsTable.tableLabel')}
        onOpen={(row) => void navigate(`/reports/${row.id}`)}
        exportPath="/api/v1/reports.xlsx"
        exportFileName={t('reportsTable.exportFile')}
        testId="reports-table"
        {...(mayHandle
          ? {
              selection: {
                selected,
                onChange: (keys: string[]) => setSelected(keys),
                rowLabel: (r: TReportSummary) =>
                  `${t('reportsTable.selectRow')}：${r.place} ${r.categoryName}`,
              },
            }
          : {})}
      />
      <BulkResultDialog
        testId="bulk-result"
        onClose={() => setResult(null)}
        summary={
          result && {
            title: t('reportsTable.resultTitle'),
            doneHeading: t('reportsTable.resultDone', { count: result.done.length }),
            done: result.done.map((d) => ({ key: d.id, text: label(d.id) })),
            refusedHeading: t('reportsTable.resultRefused', { count: result.refused.length }),
            refused: result.refused.map((r) => ({
              key: r.id,
              text: t('reportsTable.resultRow', { place: label(r.id), reason: r.message }),
            })),
          }
        }
      />
    </Flex>
  );
}

/** A filter with its visible label above it (large, for older eyes). */
function Field({ label, children }: { label: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <Flex vertical gap={4} role="group" aria-labelledby={id}>
      <span id={id} style={{ fontSize: 16 }}>
        {label}
      </span>
      {children}
    </Flex>
  );
}
