import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Flex, Input, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { TSessionResponse } from '../../../shared/contracts/auth';
import { CHECKIN_STATES, RISK_LEVELS, VISIT_STATUSES, ZCarePlanList } from '../../../shared/contracts/care';
import {
  ERRAND_KINDS,
  ERRAND_STATUSES,
  ZErrandList,
  ZKeyList,
} from '../../../shared/contracts/careKeysMoney';
import {
  type TErrandsDoneBulkResult,
  ZCheckinTable,
  ZErrandsDoneBulkResult,
} from '../../../shared/contracts/careTables';
import type { TLiaisonNode } from '../../../shared/contracts/liaison';
import { BulkResultDialog } from '../../components/BulkResultDialog';
import { DateField } from '../../components/DateField';
import { ChoiceFilter, FilterField } from '../../components/DeskFilters';
import {
  type DeskColumn,
  DeskTable,
  type DeskTableState,
  useDeskTableState,
} from '../../components/DeskTable';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { useBuildings, useLiaisonTree } from '../../lib/queries';
import { canExportCare, canManageCare } from '../../lib/roles';
import { careKeys } from './api';
import { CheckinStateTag, VisitStatusTag } from './CareBits';

/**
 * The care area at a desk (issue 23): care plans, check-ins, errands and keys as office tables, each with
 * its filters, sorting, a count, server pages, columns to show or hide, and 导出 Excel of what it shows.
 */

type Session = TSessionResponse;

/** `YYYY-MM-DD HH:MM` in China time. */
function timeText(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function dayText(iso: string): string {
  return timeText(iso).slice(0, 10);
}

/** The search box: set on Enter or the button, so each key pressed does not ask the server. */
function SearchField({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  const [text, setText] = useState(table.query.filters.q ?? '');
  return (
    <FilterField label={t('careTables.search')}>
      {(id) => (
        <Input.Search
          id={id}
          size="large"
          data-testid="filter-q"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => table.setFilters({ q: value.trim() })}
          placeholder={t('careTables.searchPlaceholder')}
          style={{ width: 260 }}
          allowClear
        />
      )}
    </FilterField>
  );
}

function BuildingField({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  const buildings = useBuildings();
  return (
    <FilterField label={t('careTables.building')}>
      {(id) => (
        <Select
          id={id}
          size="large"
          data-testid="filter-building"
          value={table.query.filters.buildingId ?? ''}
          onChange={(value: string) => table.setFilters({ buildingId: value })}
          style={{ width: 140 }}
          options={[
            { value: '', label: t('careTables.any') },
            ...(buildings.data?.items ?? []).map((b) => ({
              value: b.id,
              label: t('careTables.buildingNumber', { number: b.number }),
            })),
          ]}
        />
      )}
    </FilterField>
  );
}

function FlagField({ table, name, label }: { table: DeskTableState; name: string; label: string }) {
  return (
    <Checkbox
      checked={table.query.filters[name] === 'true'}
      onChange={(event) => table.setFilters({ [name]: event.target.checked ? 'true' : undefined })}
      style={{ fontSize: 16, paddingBottom: 10 }}
    >
      {label}
    </Checkbox>
  );
}

function ClearButton({ table, onClear }: { table: DeskTableState; onClear?: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      size="large"
      onClick={() => {
        onClear?.();
        table.clearFilters();
      }}
    >
      {t('careTables.clear')}
    </Button>
  );
}

/** The chain's people, for "whose plans": everyone under the caller's tops of the tree. */
function usePeople(enabled: boolean) {
  const tree = useLiaisonTree(undefined, enabled);
  return useMemo(() => {
    const people: Omit<TLiaisonNode, 'children'>[] = [];
    const walk = ({ children, ...node }: TLiaisonNode) => {
      people.push(node);
      children.forEach(walk);
    };
    tree.data?.roots.forEach(walk);
    return people;
  }, [tree.data]);
}

function useTable<T>(table: DeskTableState, path: string, schema: z.ZodType<T>, name: string) {
  return useQuery({
    queryKey: [...careKeys.all, 'table', name, table.params.toString()],
    queryFn: ({ signal }) => api(`${path}?${table.params.toString()}`, { schema, signal }),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------- care plans

export function CarePlansTable({ session }: { session: Session }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const manage = canManageCare(session.user.role);
  const table = useDeskTableState({ id: 'care-plans', userId: session.user.id, defaultSort: 'nextVisit' });
  const data = useTable(table, '/api/v1/care/plans', ZCarePlanList, 'plans');
  const people = usePeople(manage);
  type Row = NonNullable<typeof data.data>['items'][number];
  const c = (key: string) => t(`careTables.columns.${key}`);
  const columns: DeskColumn<Row>[] = [
    { key: 'residentName', title: c('residentName'), sortKey: 'name', alwaysShown: true },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      render: (_: unknown, r: Row) => r.address.label,
    },
    {
      key: 'risk',
      title: c('risk'),
      sortKey: 'risk',
      render: (_: unknown, r: Row) =>
        r.risk === 'high' ? (
          <Tag color="#7f1d1d" style={{ fontSize: 16 }}>
            {t('careTables.risks.high')}
          </Tag>
        ) : (
          t('careTables.risks.normal')
        ),
    },
    {
      key: 'visitStatus',
      title: c('visitStatus'),
      render: (_: unknown, r: Row) => <VisitStatusTag status={r.visitStatus} />,
    },
    {
      key: 'nextVisitDueAt',
      title: c('nextVisitDueAt'),
      sortKey: 'nextVisit',
      render: (_: unknown, r: Row) => dayText(r.nextVisitDueAt),
    },
    {
      key: 'lastVisitAt',
      title: c('lastVisitAt'),
      sortKey: 'lastVisit',
      render: (_: unknown, r: Row) => (r.lastVisitAt ? dayText(r.lastVisitAt) : t('careTables.never')),
    },
    {
      key: 'visitEveryDays',
      title: c('visitEveryDays'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => t('careTables.everyDays', { count: r.visitEveryDays }),
    },
    {
      key: 'responsible',
      title: c('responsible'),
      render: (_: unknown, r: Row) => r.responsible?.name ?? '',
    },
    {
      key: 'standIn',
      title: c('standIn'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => r.standIn?.name ?? '',
    },
    {
      key: 'checkin',
      title: c('checkin'),
      render: (_: unknown, r: Row) => r.checkin?.time ?? t('careTables.none'),
    },
    {
      key: 'createdAt',
      title: c('createdAt'),
      sortKey: 'created',
      defaultHidden: true,
      render: (_: unknown, r: Row) => dayText(r.createdAt),
    },
  ];
  const [searchKey, setSearchKey] = useState(0);
  const filterBar = (
    <Flex gap={16} wrap align="end" data-testid="care-plan-filters">
      <SearchField key={searchKey} table={table} />
      <BuildingField table={table} />
      <ChoiceFilter
        table={table}
        name="risk"
        label={t('careTables.risk')}
        testId="filter-risk"
        width={140}
        options={RISK_LEVELS.map((r) => ({ value: r, label: t(`careTables.risks.${r}`) }))}
      />
      <ChoiceFilter
        table={table}
        name="visitStatus"
        label={t('careTables.visitStatus')}
        testId="filter-visit-status"
        width={200}
        options={VISIT_STATUSES.map((s) => ({ value: s, label: t(`care.visitStatus.${s}`) }))}
      />
      <ChoiceFilter
        table={table}
        name="checkin"
        label={t('careTables.hasCheckin')}
        width={120}
        options={[
          { value: 'yes', label: t('careTables.hasCheckinYes') },
          { value: 'no', label: t('careTables.hasCheckinNo') },
        ]}
      />
      {manage ? (
        <ChoiceFilter
          table={table}
          name="positionId"
          label={c('responsible')}
          width={200}
          options={people.map((p) => ({
            value: p.positionId,
            label: `${p.personName}（${t(`tiers.${p.tier}`)}）`,
          }))}
        />
      ) : null}
      <FlagField table={table} name="includeEnded" label={t('careTables.includeEnded')} />
      <ClearButton table={table} onClear={() => setSearchKey((k) => k + 1)} />
    </Flex>
  );
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<Row>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('careTables.tableLabels.plans')}
        onOpen={(row) => void navigate(`/households/${row.householdId}`)}
        filterBar={filterBar}
        {...(canExportCare(session.user.role)
          ? { exportPath: '/api/v1/care/plans/export', exportFileName: t('careTables.files.plans') }
          : {})}
        testId="care-plans-table"
      />
    </>
  );
}

// ---------------------------------------------------------------- check-ins

export function CheckinsTable({ session }: { session: Session }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const table = useDeskTableState({ id: 'care-checkins', userId: session.user.id, defaultSort: '-date' });
  const data = useTable(table, '/api/v1/care/checkins', ZCheckinTable, 'checkins');
  type Row = NonNullable<typeof data.data>['items'][number];
  const c = (key: string) => t(`careTables.columns.${key}`);
  const columns: DeskColumn<Row>[] = [
    { key: 'date', title: c('date'), sortKey: 'date' },
    { key: 'residentName', title: c('residentName'), sortKey: 'name', alwaysShown: true },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      render: (_: unknown, r: Row) => r.address.label,
    },
    { key: 'state', title: c('state'), render: (_: unknown, r: Row) => <CheckinStateTag state={r.state} /> },
    { key: 'way', title: c('way'), render: (_: unknown, r: Row) => (r.way ? t(`care.ways.${r.way}`) : '') },
    { key: 'recordedAt', title: c('recordedAt'), render: (_: unknown, r: Row) => timeText(r.recordedAt) },
    { key: 'recordedBy', title: c('recordedBy'), defaultHidden: true },
    {
      key: 'responsible',
      title: c('responsible'),
      render: (_: unknown, r: Row) => r.responsible?.name ?? '',
    },
    {
      key: 'ladderStep',
      title: c('ladderStep'),
      sortKey: 'step',
      render: (_: unknown, r: Row) => (r.ladderStep > 0 ? t('careTables.step', { count: r.ladderStep }) : ''),
    },
    {
      key: 'outcome',
      title: c('outcome'),
      render: (_: unknown, r: Row) => (r.outcome ? t(`care.outcomes.${r.outcome}`) : ''),
    },
    { key: 'outcomeNote', title: c('outcomeNote'), defaultHidden: true },
  ];
  const [searchKey, setSearchKey] = useState(0);
  const f = table.query.filters;
  const filterBar = (
    <Flex gap={16} wrap align="end" data-testid="care-checkin-filters">
      <SearchField key={searchKey} table={table} />
      <BuildingField table={table} />
      <ChoiceFilter
        table={table}
        name="state"
        label={t('careTables.state')}
        testId="filter-state"
        width={240}
        options={[
          { value: 'open', label: t('careTables.stateOpen') },
          ...CHECKIN_STATES.map((s) => ({ value: s, label: t(`care.states.${s}`) })),
        ]}
      />
      <FilterField label={t('careTables.from')}>
        {(id) => (
          <DateField
            id={id}
            allowClear
            value={f.from ?? ''}
            onChange={(from) => table.setFilters({ from })}
            data-testid="filter-from"
          />
        )}
      </FilterField>
      <FilterField label={t('careTables.to')}>
        {(id) => (
          <DateField
            id={id}
            allowClear
            value={f.to ?? ''}
            onChange={(to) => table.setFilters({ to })}
            data-testid="filter-to"
          />
        )}
      </FilterField>
      <ClearButton table={table} onClear={() => setSearchKey((k) => k + 1)} />
    </Flex>
  );
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<Row>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('careTables.tableLabels.checkins')}
        onOpen={(row) => void navigate(`/households/${row.householdId}`)}
        filterBar={filterBar}
        {...(canExportCare(session.user.role)
          ? { exportPath: '/api/v1/care/checkins/export', exportFileName: t('careTables.files.checkins') }
          : {})}
        testId="care-checkins-table"
      />
    </>
  );
}

// ---------------------------------------------------------------- errands

export function ErrandsTable({ session }: { session: Session }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const manage = canManageCare(session.user.role);
  const table = useDeskTableState({ id: 'care-errands', userId: session.user.id, defaultSort: 'nextDue' });
  const data = useTable(table, '/api/v1/care/errands', ZErrandList, 'errands');
  type Row = NonNullable<typeof data.data>['items'][number];
  const c = (key: string) => t(`careTables.columns.${key}`);
  const columns: DeskColumn<Row>[] = [
    {
      key: 'residentName',
      title: c('residentName'),
      sortKey: 'name',
      alwaysShown: true,
      render: (_: unknown, r: Row) => r.resident.name,
    },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      render: (_: unknown, r: Row) => r.resident.address.label,
    },
    { key: 'title', title: c('title') },
    {
      key: 'kind',
      title: c('kind'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => t(`care.errandKinds.${r.kind}`),
    },
    {
      key: 'schedule',
      title: c('schedule'),
      render: (_: unknown, r: Row) =>
        r.schedule.kind === 'monthly'
          ? t('careTables.monthly', { day: r.schedule.day })
          : r.schedule.kind === 'every_days'
            ? t('careTables.everyNDays', { count: r.schedule.every })
            : t('careTables.everyNWeeks', { count: r.schedule.every }),
    },
    { key: 'doer', title: c('doer'), sortKey: 'doer', render: (_: unknown, r: Row) => r.doer.name },
    {
      key: 'nextDueOn',
      title: c('nextDueOn'),
      sortKey: 'nextDue',
      render: (_: unknown, r: Row) => r.nextDueOn ?? '',
    },
    {
      key: 'status',
      title: c('status'),
      render: (_: unknown, r: Row) => (
        <span className={r.status === 'overdue' ? 'linli-overdue' : undefined}>
          {t(`careTables.errandStatuses.${r.status}`)}
        </span>
      ),
    },
    { key: 'overdueCount', title: c('overdueCount'), sortKey: 'overdue' },
    {
      key: 'expected',
      title: c('expected'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => (r.expectedFen === null ? '' : (r.expectedFen / 100).toFixed(2)),
    },
    { key: 'counterparty', title: c('counterparty'), defaultHidden: true },
    { key: 'lastDone', title: c('lastDone'), render: (_: unknown, r: Row) => r.done[0]?.dueOn ?? '' },
  ];
  const [searchKey, setSearchKey] = useState(0);
  const bulk = useErrandsBulk();
  const filterBar = (
    <>
      <Flex gap={16} wrap align="end" data-testid="care-errand-filters">
        <SearchField key={searchKey} table={table} />
        <BuildingField table={table} />
        <ChoiceFilter
          table={table}
          name="status"
          label={t('careTables.errandStatus')}
          testId="filter-errand-status"
          width={160}
          options={ERRAND_STATUSES.filter((s) => s !== 'ended').map((s) => ({
            value: s,
            label: t(`careTables.errandStatuses.${s}`),
          }))}
        />
        <ChoiceFilter
          table={table}
          name="kind"
          label={t('careTables.errandKind')}
          width={160}
          options={ERRAND_KINDS.map((k) => ({ value: k, label: t(`care.errandKinds.${k}`) }))}
        />
        <FlagField table={table} name="includeEnded" label={t('careTables.includeEnded')} />
        <ClearButton table={table} onClear={() => setSearchKey((k) => k + 1)} />
      </Flex>
      {bulk.bar}
    </>
  );
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<Row>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('careTables.tableLabels.errands')}
        onOpen={(row) => void navigate(`/households/${row.resident.householdId}`)}
        filterBar={filterBar}
        {...(manage
          ? { exportPath: '/api/v1/care/errands/export', exportFileName: t('careTables.files.errands') }
          : {})}
        testId="care-errands-table"
        selection={{
          selected: bulk.selectedIds,
          onChange: bulk.onSelect,
          rowLabel: (r) => `${t('careTables.selectRow')}：${r.resident.name} ${r.title}`,
        }}
      />
    </>
  );
}

/**
 * Errands picked in the table and marked done at once. Each names the day it fell due as the table showed
 * it, so marking twice records nothing twice; the answer says what was done and what was refused and why.
 */
function useErrandsBulk() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<Map<string, { dueOn: string | null; name: string; title: string }>>(
    new Map(),
  );
  const [result, setResult] = useState<TErrandsDoneBulkResult | null>(null);
  const mark = useMutation({
    mutationFn: (items: { id: string; dueOn: string }[]) =>
      api('/api/v1/care/errands/done', { method: 'POST', body: { items }, schema: ZErrandsDoneBulkResult }),
    onSuccess: (answer) => {
      setResult(answer);
      setPicked(new Map());
      void queryClient.invalidateQueries({ queryKey: careKeys.all });
    },
  });
  // What each errand picked is called, kept after marking so the answer can name them.
  const [names, setNames] = useState<Map<string, { name: string; title: string }>>(new Map());
  const items = [...picked].flatMap(([id, p]) => (p.dueOn ? [{ id, dueOn: p.dueOn }] : []));
  const bar = (
    <>
      {picked.size > 0 ? (
        <Flex gap={16} align="center" wrap data-testid="errands-bulk-bar" style={{ fontSize: 18 }}>
          <Typography.Text strong style={{ fontSize: 18 }}>
            {t('careTables.selected', { count: picked.size })}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            loading={mark.isPending}
            disabled={items.length === 0}
            onClick={() => mark.mutate(items)}
            data-testid="errands-mark-done"
          >
            {t('careTables.markDone')}
          </Button>
        </Flex>
      ) : null}
      {mark.isError ? <Typography.Text type="danger">{errorText(mark.error)}</Typography.Text> : null}
      <BulkResultDialog
        testId="errands-bulk-result"
        onClose={() => setResult(null)}
        summary={
          result && {
            title: t('careTables.resultTitle'),
            doneHeading: t('careTables.resultDone', { count: result.done.length }),
            refusedHeading: t('careTables.resultRefused', { count: result.refused.length }),
            refused: result.refused.map((r) => ({
              key: `${r.id}:${r.dueOn}`,
              text: t('careTables.resultRow', { ...names.get(r.id), reason: r.message }),
            })),
          }
        }
      />
    </>
  );
  return {
    selectedIds: [...picked.keys()],
    onSelect: (
      keys: string[],
      rows: { id: string; nextDueOn: string | null; resident: { name: string }; title: string }[],
    ) => {
      setNames((previous) => {
        const next = new Map(previous);
        for (const r of rows) next.set(r.id, { name: r.resident.name, title: r.title });
        return next;
      });
      setPicked((previous) => {
        const next = new Map<string, { dueOn: string | null; name: string; title: string }>();
        for (const key of keys) {
          const row = rows.find((r) => r.id === key);
          next.set(
            key,
            row
              ? { dueOn: row.nextDueOn, name: row.resident.name, title: row.title }
              : (previous.get(key) ?? { dueOn: null, name: '', title: '' }),
          );
        }
        return next;
      });
    },
    bar,
  };
}

// ---------------------------------------------------------------- keys

export function KeysTable({ session }: { session: Session }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const manage = canManageCare(session.user.role);
  const table = useDeskTableState({ id: 'care-keys', userId: session.user.id, defaultSort: 'address' });
  const data = useTable(table, '/api/v1/care/keys', ZKeyList, 'keys');
  const people = usePeople(manage);
  type Row = NonNullable<typeof data.data>['items'][number];
  const c = (key: string) => t(`careTables.columns.${key}`);
  const columns: DeskColumn<Row>[] = [
    {
      key: 'residentName',
      title: c('residentName'),
      sortKey: 'name',
      alwaysShown: true,
      render: (_: unknown, r: Row) => r.resident.name,
    },
    {
      key: 'address',
      title: c('address'),
      sortKey: 'address',
      render: (_: unknown, r: Row) => r.resident.address.label,
    },
    { key: 'label', title: c('label') },
    { key: 'holder', title: c('holder'), sortKey: 'holder', render: (_: unknown, r: Row) => r.holder.name },
    { key: 'holderPhone', title: c('holderPhone'), render: (_: unknown, r: Row) => r.holder.phone ?? '' },
    { key: 'heldSince', title: c('heldSince'), sortKey: 'heldSince' },
    {
      key: 'consent',
      title: c('consent'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => `${r.consent.date} ${t(`careTables.consentForms.${r.consent.form}`)}`,
    },
    { key: 'useCount', title: c('useCount'), sortKey: 'uses' },
    {
      key: 'returned',
      title: c('returned'),
      render: (_: unknown, r: Row) =>
        r.returned ? t('careTables.returnedOn', { date: r.returned.on }) : t('careTables.stillHeld'),
    },
  ];
  const [searchKey, setSearchKey] = useState(0);
  const filterBar = (
    <Flex gap={16} wrap align="end" data-testid="care-key-filters">
      <SearchField key={searchKey} table={table} />
      <BuildingField table={table} />
      {manage ? (
        <ChoiceFilter
          table={table}
          name="holderPositionId"
          label={c('holder')}
          width={200}
          options={people.map((p) => ({
            value: p.positionId,
            label: `${p.personName}（${t(`tiers.${p.tier}`)}）`,
          }))}
        />
      ) : null}
      <FlagField table={table} name="includeReturned" label={t('careTables.includeReturned')} />
      <ClearButton table={table} onClear={() => setSearchKey((k) => k + 1)} />
    </Flex>
  );
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      <DeskTable<Row>
        state={table}
        columns={columns}
        rows={data.data?.items}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('careTables.tableLabels.keys')}
        onOpen={(row) => void navigate(`/households/${row.resident.householdId}`)}
        filterBar={filterBar}
        {...(manage
          ? { exportPath: '/api/v1/care/keys/export', exportFileName: t('careTables.files.keys') }
          : {})}
        testId="care-keys-table"
      />
    </>
  );
}
