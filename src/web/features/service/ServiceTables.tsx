import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Input, Tabs, Typography } from 'antd';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useOutletContext } from 'react-router';
import type { z } from 'zod';
import {
  type TOrderBulkResult,
  type TOrderTableRow,
  ZBookingTable,
  ZHoursTable,
  ZOrderBulkResult,
  ZOrderTable,
  ZSessionTable,
  ZVolunteerTable,
} from '../../../shared/contracts/serviceTables';
import type { ShellContext } from '../../app/AppShell';
import { BulkResultDialog } from '../../components/BulkResultDialog';
import { ChoiceFilter, DayFilter, FilterField } from '../../components/DeskFilters';
import {
  type DeskColumn,
  DeskTable,
  type DeskTableState,
  useDeskTableState,
} from '../../components/DeskTable';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { dateTime, shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useBuildings } from '../../lib/queries';
import { serviceKeys, useRounds, useServices, useVolunteers } from './api';

/**
 * The station at a desk (issue 23): its sessions, the residents booked, the volunteers with their hours and
 * the group-purchase orders as office tables (server paging, sort, count, columns, filters kept per person,
 * export), beside the overview the phone shows as one column. Loaded only at a desk.
 */

const base = '/api/v1/service/tables';
const tableKey = (name: string, params: URLSearchParams) => [
  ...serviceKeys.all,
  'table',
  name,
  params.toString(),
];

export function ServiceDesk({ overview }: { overview: React.ReactNode }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState('sessions');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      size="large"
      aria-label={t('serviceTables.tabsLabel')}
      items={[
        { key: 'sessions', label: t('serviceTables.sessions'), children: <SessionsTable /> },
        { key: 'bookings', label: t('serviceTables.bookings'), children: <BookingsTable /> },
        { key: 'volunteers', label: t('serviceTables.volunteers'), children: <VolunteersTable /> },
        { key: 'hours', label: t('serviceTables.hoursTab'), children: <HoursTable /> },
        { key: 'orders', label: t('serviceTables.orders'), children: <OrdersTable /> },
        { key: 'overview', label: t('serviceTables.overview'), children: overview },
      ]}
    />
  );
}

function TextFilter({
  table,
  label,
  placeholder,
}: {
  table: DeskTableState;
  label: string;
  placeholder: string;
}) {
  const [text, setText] = useState(table.query.filters.q ?? '');
  return (
    <FilterField label={label}>
      {(id) => (
        <Input.Search
          id={id}
          size="large"
          data-testid="filter-q"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onSearch={(value) => table.setFilters({ q: value.trim() })}
          placeholder={placeholder}
          style={{ width: 220 }}
          allowClear
        />
      )}
    </FilterField>
  );
}

function ClearButton({ table }: { table: DeskTableState }) {
  const { t } = useTranslation();
  return (
    <Button size="large" onClick={() => table.clearFilters()}>
      {t('deskFrame.table.clearFilters')}
    </Button>
  );
}

function useServiceOptions() {
  const { i18n } = useTranslation();
  const services = useServices();
  return (services.data?.items ?? []).map((s) => ({
    value: s.id,
    label: i18n.language === 'en' ? s.nameEn : s.nameZh,
  }));
}

function useBuildingOptions() {
  const buildings = useBuildings();
  return (buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.number }));
}

function useTable<T>(name: string, schema: z.ZodType<T>, defaultSort: string) {
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: `service-${name}`, userId: session.user.id, defaultSort });
  const data = useQuery({
    queryKey: tableKey(name, table.params),
    queryFn: ({ signal }) => api(`${base}/${name}?${table.params.toString()}`, { schema, signal }),
    placeholderData: keepPreviousData,
  });
  return { table, data };
}

// Sessions

function SessionsTable() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { table, data } = useTable('sessions', ZSessionTable, 'startsAt');
  const services = useServiceOptions();
  const buildings = useBuildingOptions();
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    {
      key: 'startsAt',
      title: t('serviceTables.startsAt'),
      sortKey: 'startsAt',
      alwaysShown: true,
      render: (_: unknown, r: Row) => dateTime(r.startsAt),
    },
    {
      key: 'service',
      title: t('serviceTables.service'),
      sortKey: 'service',
      render: (_: unknown, r: Row) => (i18n.language === 'en' ? r.serviceEn : r.serviceZh),
    },
    {
      key: 'place',
      title: t('serviceTables.place'),
      render: (_: unknown, r: Row) =>
        r.place === 'home'
          ? t('serviceTables.homeIn', { building: r.buildingNumber ?? '' })
          : t('serviceTables.station'),
    },
    {
      key: 'booked',
      title: t('serviceTables.booked'),
      sortKey: 'booked',
      render: (_: unknown, r: Row) => `${r.booked}/${r.capacity}`,
    },
    {
      key: 'volunteers',
      title: t('serviceTables.volunteersCol'),
      sortKey: 'short',
      render: (_: unknown, r: Row) => `${r.signedUp}/${r.volunteersNeeded}`,
    },
    { key: 'organiser', title: t('serviceTables.organiser'), defaultHidden: true },
    {
      key: 'status',
      title: t('serviceTables.status'),
      render: (_: unknown, r: Row) =>
        r.cancelled ? (
          <Typography.Text type="secondary">{t('serviceTables.cancelled')}</Typography.Text>
        ) : r.short > 0 ? (
          <Typography.Text type="danger" strong>
            {t('serviceTables.shortBy', { count: r.short })}
          </Typography.Text>
        ) : (
          t('serviceTables.enough')
        ),
    },
  ];
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
        label={t('serviceTables.sessionsTable')}
        onOpen={(r) => void navigate(`/service/sessions/${r.id}`)}
        exportPath={`${base}/sessions.xlsx`}
        exportFileName={t('serviceTables.fileSessions')}
        testId="service-sessions-table"
        filterBar={
          <Flex gap={16} wrap align="end" data-testid="service-sessions-filters">
            <DayFilter table={table} name="from" label={t('serviceTables.from')} />
            <DayFilter table={table} name="to" label={t('serviceTables.to')} />
            <ChoiceFilter
              table={table}
              name="serviceId"
              label={t('serviceTables.service')}
              options={services}
              width={160}
            />
            <ChoiceFilter
              table={table}
              name="place"
              label={t('serviceTables.place')}
              options={[
                { value: 'station', label: t('serviceTables.station') },
                { value: 'home', label: t('serviceTables.home') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="buildingId"
              label={t('serviceTables.building')}
              options={buildings}
              width={110}
            />
            <ChoiceFilter
              table={table}
              name="status"
              label={t('serviceTables.status')}
              options={[
                { value: 'upcoming', label: t('serviceTables.upcoming') },
                { value: 'past', label: t('serviceTables.past') },
                { value: 'cancelled', label: t('serviceTables.cancelled') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="short"
              label={t('serviceTables.short')}
              options={[
                { value: 'yes', label: t('serviceTables.shortYes') },
                { value: 'no', label: t('serviceTables.shortNo') },
              ]}
            />
            <ClearButton table={table} />
          </Flex>
        }
      />
    </>
  );
}

// Bookings

function BookingsTable() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { table, data } = useTable('bookings', ZBookingTable, 'startsAt');
  const { session } = useOutletContext<ShellContext>();
  // Health information is the office's (worker, committee): no one else is offered the column.
  const seesHealth = session.user.role === 'worker' || session.user.role === 'committee';
  const services = useServiceOptions();
  const buildings = useBuildingOptions();
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    {
      key: 'startsAt',
      title: t('serviceTables.startsAt'),
      sortKey: 'startsAt',
      render: (_: unknown, r: Row) => dateTime(r.startsAt),
    },
    {
      key: 'service',
      title: t('serviceTables.service'),
      render: (_: unknown, r: Row) => (i18n.language === 'en' ? r.serviceEn : r.serviceZh),
    },
    { key: 'name', title: t('serviceTables.name'), sortKey: 'name', alwaysShown: true },
    {
      key: 'address',
      title: t('serviceTables.address'),
      sortKey: 'address',
      render: (_: unknown, r: Row) => r.address.label,
    },
    {
      key: 'homeVisit',
      title: t('serviceTables.homeVisit'),
      render: (_: unknown, r: Row) => (r.homeVisit ? t('serviceTables.yes') : ''),
    },
    {
      key: 'bookedAt',
      title: t('serviceTables.bookedAt'),
      sortKey: 'bookedAt',
      defaultHidden: true,
      render: (_: unknown, r: Row) => dateTime(r.bookedAt),
    },
    {
      key: 'served',
      title: t('serviceTables.served'),
      render: (_: unknown, r: Row) =>
        r.served === null ? '' : r.served ? t('serviceTables.servedYes') : t('serviceTables.servedNo'),
    },
    {
      key: 'state',
      title: t('serviceTables.state'),
      render: (_: unknown, r: Row) =>
        r.cancelledAt ? (
          <Typography.Text type="secondary">{t('serviceTables.cancelled')}</Typography.Text>
        ) : (
          t('serviceTables.active')
        ),
    },
    { key: 'bloodPressure', title: t('serviceTables.bloodPressure'), defaultHidden: true },
  ].filter((c) => c.key !== 'bloodPressure' || seesHealth);
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
        label={t('serviceTables.bookingsTable')}
        onOpen={(r) => void navigate(`/service/sessions/${r.sessionId}`)}
        exportPath={`${base}/bookings.xlsx`}
        exportFileName={t('serviceTables.fileBookings')}
        testId="service-bookings-table"
        filterBar={
          <Flex gap={16} wrap align="end">
            <TextFilter
              table={table}
              label={t('serviceTables.nameSearch')}
              placeholder={t('serviceTables.nameSearchHint')}
            />
            <DayFilter table={table} name="from" label={t('serviceTables.from')} />
            <DayFilter table={table} name="to" label={t('serviceTables.to')} />
            <ChoiceFilter
              table={table}
              name="serviceId"
              label={t('serviceTables.service')}
              options={services}
              width={160}
            />
            <ChoiceFilter
              table={table}
              name="buildingId"
              label={t('serviceTables.building')}
              options={buildings}
              width={110}
            />
            <ChoiceFilter
              table={table}
              name="state"
              label={t('serviceTables.state')}
              options={[
                { value: 'active', label: t('serviceTables.active') },
                { value: 'cancelled', label: t('serviceTables.cancelled') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="served"
              label={t('serviceTables.served')}
              options={[
                { value: 'yes', label: t('serviceTables.servedYes') },
                { value: 'no', label: t('serviceTables.servedNo') },
                { value: 'unknown', label: t('serviceTables.servedUnknown') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="homeVisit"
              label={t('serviceTables.homeVisit')}
              options={[
                { value: 'yes', label: t('serviceTables.yes') },
                { value: 'no', label: t('serviceTables.no') },
              ]}
              width={110}
            />
            <ClearButton table={table} />
          </Flex>
        }
      />
    </>
  );
}

// Volunteers and their hours

function VolunteersTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { table, data } = useTable('volunteers', ZVolunteerTable, 'name');
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    { key: 'name', title: t('serviceTables.name'), sortKey: 'name', alwaysShown: true },
    { key: 'phone', title: t('serviceTables.phone') },
    {
      key: 'hasAccount',
      title: t('serviceTables.hasAccount'),
      defaultHidden: true,
      render: (_: unknown, r: Row) => (r.hasAccount ? t('serviceTables.yes') : t('serviceTables.no')),
    },
    {
      key: 'minutes',
      title: t('serviceTables.hours'),
      sortKey: 'minutes',
      render: (_: unknown, r: Row) =>
        t('serviceTables.hoursValue', { hours: Math.round((r.minutes / 60) * 10) / 10 }),
    },
    { key: 'sessions', title: t('serviceTables.sessionsCol'), sortKey: 'sessions' },
    { key: 'noShows', title: t('serviceTables.noShows') },
    {
      key: 'lastWorkedOn',
      title: t('serviceTables.lastWorkedOn'),
      render: (_: unknown, r: Row) => (r.lastWorkedOn ? shortDate(r.lastWorkedOn) : ''),
    },
  ];
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
        label={t('serviceTables.volunteersTable')}
        onOpen={(r) => void navigate(`/service/volunteers/${r.id}`)}
        exportPath={`${base}/volunteers.xlsx`}
        exportFileName={t('serviceTables.fileVolunteers')}
        testId="service-volunteers-table"
        filterBar={
          <Flex vertical gap={8}>
            <Flex gap={16} wrap align="end">
              <TextFilter
                table={table}
                label={t('serviceTables.volunteerSearch')}
                placeholder={t('serviceTables.volunteerSearchHint')}
              />
              <DayFilter table={table} name="from" label={t('serviceTables.from')} />
              <DayFilter table={table} name="to" label={t('serviceTables.to')} />
              <ChoiceFilter
                table={table}
                name="active"
                label={t('serviceTables.activeFilter')}
                options={[
                  { value: 'yes', label: t('serviceTables.activeYes') },
                  { value: 'no', label: t('serviceTables.activeNo') },
                ]}
              />
              <ClearButton table={table} />
            </Flex>
            {data.data ? (
              <Typography.Text type="secondary">
                {t('serviceTables.periodNote', {
                  from: shortDate(data.data.from),
                  to: shortDate(data.data.to),
                })}
              </Typography.Text>
            ) : null}
          </Flex>
        }
      />
    </>
  );
}

// Hours, entry by entry

function HoursTable() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { table, data } = useTable('hours', ZHoursTable, '-workedOn');
  const volunteers = useVolunteers();
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    {
      key: 'workedOn',
      title: t('serviceTables.workedOn'),
      sortKey: 'workedOn',
      render: (_: unknown, r: Row) => shortDate(r.workedOn),
    },
    { key: 'name', title: t('serviceTables.volunteer'), sortKey: 'name', alwaysShown: true },
    {
      key: 'service',
      title: t('serviceTables.service'),
      render: (_: unknown, r: Row) => (i18n.language === 'en' ? r.serviceEn : r.serviceZh) ?? '',
    },
    {
      key: 'minutes',
      title: t('serviceTables.minutes'),
      sortKey: 'minutes',
      render: (_: unknown, r: Row) => t('serviceTables.minutesValue', { count: r.minutes }),
    },
    {
      key: 'correction',
      title: t('serviceTables.correction'),
      render: (_: unknown, r: Row) => (r.correction ? t('serviceTables.yes') : ''),
    },
    { key: 'reason', title: t('serviceTables.reason') },
  ];
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
        label={t('serviceTables.hoursTable')}
        onOpen={(r) => void navigate(`/service/volunteers/${r.volunteerId}`)}
        exportPath={`${base}/hours.xlsx`}
        exportFileName={t('serviceTables.fileHours')}
        testId="service-hours-table"
        filterBar={
          <Flex gap={16} wrap align="end">
            <ChoiceFilter
              table={table}
              name="volunteerId"
              label={t('serviceTables.volunteer')}
              options={(volunteers.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
              width={160}
            />
            <DayFilter table={table} name="from" label={t('serviceTables.from')} />
            <DayFilter table={table} name="to" label={t('serviceTables.to')} />
            <ChoiceFilter
              table={table}
              name="correction"
              label={t('serviceTables.correction')}
              options={[
                { value: 'yes', label: t('serviceTables.correctionYes') },
                { value: 'no', label: t('serviceTables.correctionNo') },
              ]}
            />
            <ClearButton table={table} />
          </Flex>
        }
      />
    </>
  );
}

// Group-purchase orders

function OrdersTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const { table, data } = useTable('orders', ZOrderTable, 'address');
  const rounds = useRounds();
  const buildings = useBuildingOptions();
  const [selected, setSelected] = useState<string[]>([]);
  const [receivedBy, setReceivedBy] = useState('');
  const [result, setResult] = useState<TOrderBulkResult | null>(null);
  const [seen, setSeen] = useState(new Map<string, TOrderTableRow>());
  const receivedId = useId();
  const bulk = useMutation({
    mutationFn: (body: { ids: string[]; receivedBy: string }) =>
      api('/api/v1/service/orders/bulk-delivered', {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        schema: ZOrderBulkResult,
      }),
    onSuccess: (answer) => {
      setResult(answer);
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: serviceKeys.all, refetchType: 'active' });
    },
  });
  type Row = TOrderTableRow;
  const rows = data.data?.items;
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);
  const columns: DeskColumn<Row>[] = [
    {
      key: 'address',
      title: t('serviceTables.address'),
      sortKey: 'address',
      alwaysShown: true,
      render: (_: unknown, r: Row) => r.address.label,
    },
    { key: 'round', title: t('serviceTables.round'), render: (_: unknown, r: Row) => r.roundTitle },
    { key: 'goods', title: t('serviceTables.goods') },
    {
      key: 'due',
      title: t('serviceTables.due'),
      sortKey: 'due',
      render: (_: unknown, r: Row) => yuan(r.dueFen),
    },
    {
      key: 'placedAt',
      title: t('serviceTables.placedAt'),
      sortKey: 'placedAt',
      defaultHidden: true,
      render: (_: unknown, r: Row) => dateTime(r.placedAt),
    },
    {
      key: 'delivered',
      title: t('serviceTables.deliveredAt'),
      render: (_: unknown, r: Row) =>
        r.deliveredAt ? (
          dateTime(r.deliveredAt)
        ) : (
          <Typography.Text type="warning">{t('serviceTables.deliveredNo')}</Typography.Text>
        ),
    },
    { key: 'receivedBy', title: t('serviceTables.receivedBy') },
    {
      key: 'collected',
      title: t('serviceTables.collected'),
      render: (_: unknown, r: Row) => (r.collectedFen === null ? '' : yuan(r.collectedFen)),
    },
  ];
  const label = (id: string) => (byId.get(id) ?? seen.get(id))?.address.label ?? id.slice(0, 8);
  const markDelivered = () => {
    setSeen(
      new Map([
        ...seen,
        ...selected.flatMap((id) => (byId.get(id) ? [[id, byId.get(id)] as const] : [])),
      ]) as Map<string, Row>,
    );
    bulk.mutate({ ids: selected, receivedBy: receivedBy.trim() || t('serviceTables.receivedByDefault') });
  };
  return (
    <>
      {data.isError ? <ErrorAlert error={data.error} onRetry={() => void data.refetch()} /> : null}
      {selected.length > 0 ? (
        <Flex
          wrap
          gap={12}
          align="center"
          data-testid="orders-bulk-bar"
          style={{ padding: 12, background: '#eef2ff', borderRadius: 8, marginBottom: 12 }}
        >
          <Typography.Text strong style={{ fontSize: 18 }}>
            {t('serviceTables.selected', { count: selected.length })}
          </Typography.Text>
          <label htmlFor={receivedId} style={{ fontSize: 16 }}>
            {t('serviceTables.receivedByLabel')}
          </label>
          <Input
            id={receivedId}
            size="large"
            value={receivedBy}
            placeholder={t('serviceTables.receivedByDefault')}
            onChange={(event) => setReceivedBy(event.target.value)}
            style={{ width: 160 }}
            maxLength={40}
          />
          <Button
            type="primary"
            size="large"
            loading={bulk.isPending}
            onClick={markDelivered}
            data-testid="orders-mark-delivered"
          >
            {t('serviceTables.markDelivered')}
          </Button>
          {bulk.isError ? <Typography.Text type="danger">{errorText(bulk.error)}</Typography.Text> : null}
        </Flex>
      ) : null}
      <DeskTable<Row>
        state={table}
        columns={columns}
        rows={rows}
        total={data.data?.total ?? 0}
        loading={data.isFetching}
        rowKey="id"
        label={t('serviceTables.ordersTable')}
        onOpen={(r) => void navigate(`/service/rounds/${r.roundId}`)}
        exportPath={`${base}/orders.xlsx`}
        exportFileName={t('serviceTables.fileOrders')}
        testId="service-orders-table"
        selection={{
          selected,
          onChange: (keys) => setSelected(keys),
          rowLabel: (r) => r.address.label,
          disabled: (r) => r.deliveredAt !== null,
        }}
        filterBar={
          <Flex gap={16} wrap align="end">
            <ChoiceFilter
              table={table}
              name="roundId"
              label={t('serviceTables.round')}
              options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
              width={200}
            />
            <ChoiceFilter
              table={table}
              name="buildingId"
              label={t('serviceTables.building')}
              options={buildings}
              width={110}
            />
            <ChoiceFilter
              table={table}
              name="delivered"
              label={t('serviceTables.delivered')}
              options={[
                { value: 'yes', label: t('serviceTables.deliveredYes') },
                { value: 'no', label: t('serviceTables.deliveredNo') },
              ]}
            />
            <ChoiceFilter
              table={table}
              name="collected"
              label={t('serviceTables.collected')}
              options={[
                { value: 'yes', label: t('serviceTables.collectedYes') },
                { value: 'no', label: t('serviceTables.collectedNo') },
              ]}
            />
            <ClearButton table={table} />
          </Flex>
        }
      />
      <BulkResultDialog
        testId="orders-bulk-result"
        onClose={() => setResult(null)}
        summary={
          result && {
            title: t('serviceTables.resultTitle'),
            doneHeading: t('serviceTables.resultDone', { count: result.done.length }),
            done: result.done.map((d) => ({ key: d.id, text: label(d.id) })),
            refusedHeading: t('serviceTables.resultRefused', { count: result.refused.length }),
            refused: result.refused.map((r) => ({
              key: r.id,
              text: t('serviceTables.resultRow', { address: label(r.id), reason: r.message }),
            })),
          }
        }
      />
    </>
  );
}
