import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Flex, Input, Select, Tabs, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext } from 'react-router';
import { CARE_TAGS } from '../../../shared/careTags';
import { AGE_BAND_VALUES, ZHouseholdList, ZResidentList } from '../../../shared/contracts/registry';
import type { ShellContext } from '../../app/AppShell';
import { CareTags } from '../../components/CareTags';
import { FilterField } from '../../components/DeskFilters';
import {
  type DeskColumn,
  DeskTable,
  type DeskTableState,
  useDeskTableState,
} from '../../components/DeskTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { useBuildings } from '../../lib/queries';
import { useDesk } from '../../lib/useDesk';
import { AddToOutreachAction } from '../outreach/AddToOutreachAction';
import { DoorNoticeAction } from './DoorNoticeAction';

const PAGE_SIZE = 20;

export function HouseholdsPage() {
  const desk = useDesk();
  return desk ? <DeskHouseholds /> : <PhoneHouseholds />;
}

/** The phone: a short list, those who need care first, and "more" until every household is reached. */
function PhoneHouseholds() {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const households = useQuery({
    queryKey: ['households', 'care', limit],
    queryFn: ({ signal }) =>
      api(`/api/v1/households?sort=care&limit=${limit}&offset=0`, { schema: ZHouseholdList, signal }),
    placeholderData: keepPreviousData,
  });
  const headingId = useId();

  return (
    <>
      <Link to="/" className="linli-back">
        ← {t('app.backHome')}
      </Link>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('households.heading')}
      </Typography.Title>
      {households.isPending ? (
        <Loading />
      ) : households.isError ? (
        <ErrorAlert error={households.error} onRetry={() => void households.refetch()} />
      ) : households.data.items.length === 0 ? (
        <Typography.Paragraph>{t('households.empty')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph data-testid="households-count">
            {t('households.total', { count: households.data.total })}
            {households.data.total > households.data.items.length
              ? ` · ${t('households.showing', { count: households.data.items.length })}`
              : ''}
          </Typography.Paragraph>
          <Typography.Paragraph>{t('deskFrame.register.careFirst')}</Typography.Paragraph>
          <ul className="linli-list" aria-labelledby={headingId}>
            {households.data.items.map((household) => (
              <li key={household.id} className="linli-list-item">
                <Link to={`/households/${household.id}`} className="linli-list-link">
                  <span className="linli-address">{household.address.label}</span>
                  <span>{t('households.members', { count: household.memberCount })}</span>
                </Link>
                <CareTags tags={household.careTags} />
              </li>
            ))}
          </ul>
          {households.data.total > households.data.items.length ? (
            <Button
              size="large"
              block
              data-testid="households-more"
              loading={households.isFetching}
              onClick={() => setLimit((n) => n + PAGE_SIZE)}
            >
              {t('deskFrame.register.more', {
                count: Math.min(PAGE_SIZE, households.data.total - households.data.items.length),
              })}
            </Button>
          ) : null}
        </>
      )}
    </>
  );
}

function canExport(role: string): boolean {
  return role === 'subdistrict' || role === 'worker' || role === 'committee';
}

/** Bulk actions on households (door notices) are the office's: workers and the committee. */
function canActOnHouseholds(role: string): boolean {
  return role === 'worker' || role === 'committee';
}

/** At a desk: the households and the residents as tables, side by side in tabs. */
function DeskHouseholds() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('households');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 0 }}>
        {t('households.heading')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        size="large"
        items={[
          {
            key: 'households',
            label: t('deskFrame.register.householdsTab'),
            children: <HouseholdsTable />,
          },
          { key: 'residents', label: t('deskFrame.register.residentsTab'), children: <ResidentsTable /> },
        ]}
      />
    </>
  );
}

function RegisterFilters({ table, residents }: { table: DeskTableState; residents: boolean }) {
  const { t } = useTranslation();
  const buildings = useBuildings();
  const f = table.query.filters;
  const [text, setText] = useState(f.q ?? '');
  const any = { value: '', label: t('deskFrame.register.any') };
  return (
    <Flex gap={16} wrap align="end" data-testid="register-filters">
      <FilterField label={t('deskFrame.register.text')}>
        {(id) => (
          <Input.Search
            id={id}
            data-testid="filter-q"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onSearch={(value) => table.setFilters({ q: value.trim() })}
            placeholder={t('deskFrame.register.textPlaceholder')}
            style={{ width: 260 }}
            allowClear
          />
        )}
      </FilterField>
      <FilterField label={t('deskFrame.register.building')}>
        {(id) => (
          <Select
            id={id}
            data-testid="filter-building"
            value={f.buildingId ?? ''}
            onChange={(value) => table.setFilters({ buildingId: value, entrance: undefined })}
            style={{ width: 140 }}
            options={[any, ...(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.number }))]}
          />
        )}
      </FilterField>
      <FilterField label={t('deskFrame.register.entrance')}>
        {(id) => (
          <Select
            id={id}
            value={f.entrance ?? ''}
            onChange={(value) => table.setFilters({ entrance: value })}
            style={{ width: 120 }}
            options={[
              any,
              ...[
                ...new Set(
                  (buildings.data?.items ?? [])
                    .filter((b) => !f.buildingId || b.id === f.buildingId)
                    .flatMap((b) => b.entrances.map((e) => e.number)),
                ),
              ]
                .sort()
                .map((n) => ({ value: n, label: n })),
            ]}
          />
        )}
      </FilterField>
      <FilterField label={t('deskFrame.register.careTag')}>
        {(id) => (
          <Select
            id={id}
            data-testid="filter-care"
            value={f.careTag ?? ''}
            onChange={(value) => table.setFilters({ careTag: value })}
            style={{ width: 160 }}
            options={[any, ...CARE_TAGS.map((tag) => ({ value: tag, label: t(`careTags.${tag}`) }))]}
          />
        )}
      </FilterField>
      {residents ? (
        <FilterField label={t('deskFrame.register.ageBand')}>
          {(id) => (
            <Select
              id={id}
              value={f.ageBand ?? ''}
              onChange={(value) => table.setFilters({ ageBand: value })}
              style={{ width: 140 }}
              options={[
                any,
                ...AGE_BAND_VALUES.map((band) => ({ value: band, label: t(`ageBands.${band}`) })),
              ]}
            />
          )}
        </FilterField>
      ) : null}
      <FilterField label={t('deskFrame.register.hasLeader')}>
        {(id) => (
          <Select
            id={id}
            data-testid="filter-leader"
            value={f.hasLeader ?? ''}
            onChange={(value) => table.setFilters({ hasLeader: value })}
            style={{ width: 140 }}
            options={[
              any,
              { value: 'yes', label: t('deskFrame.register.hasLeaderYes') },
              { value: 'no', label: t('deskFrame.register.hasLeaderNo') },
            ]}
          />
        )}
      </FilterField>
      <Button
        size="large"
        onClick={() => {
          setText('');
          table.clearFilters();
        }}
      >
        {t('deskFrame.table.clearFilters')}
      </Button>
    </Flex>
  );
}

function HouseholdsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: 'households', userId: session.user.id, defaultSort: 'address' });
  // Rows picked for a bulk action, kept across pages with their addresses for the action's words.
  const [picked, setPicked] = useState<{ id: string; label: string }[]>([]);
  const office = canActOnHouseholds(session.user.role);
  const data = useQuery({
    queryKey: ['households', 'table', table.params.toString()],
    queryFn: ({ signal }) =>
      api(`/api/v1/households?${table.params.toString()}`, { schema: ZHouseholdList, signal }),
    placeholderData: keepPreviousData,
  });
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    {
      key: 'address',
      title: t('deskFrame.register.address'),
      sortKey: 'address',
      alwaysShown: true,
      render: (_: unknown, row: Row) => (
        <Link to={`/households/${row.id}`} tabIndex={-1}>
          {row.address.label}
        </Link>
      ),
    },
    { key: 'memberCount', title: t('deskFrame.register.members'), sortKey: 'members' },
    {
      key: 'careTags',
      title: t('deskFrame.register.careTags'),
      render: (_: unknown, row: Row) => <CareTags tags={row.careTags} />,
    },
  ];
  const labels = new Map(picked.map((p) => [p.id, p.label]));
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
        label={t('deskFrame.register.householdsTable')}
        onOpen={(row) => void navigate(`/households/${row.id}`)}
        filterBar={
          <>
            <RegisterFilters table={table} residents={false} />
            {office && picked.length > 0 ? (
              <Flex
                wrap
                gap={12}
                align="center"
                role="group"
                aria-label={t('doorNotice.bulkBar')}
                data-testid="bulk-bar"
                style={{ padding: 12, background: '#eef2ff', borderRadius: 8 }}
              >
                <Typography.Text strong style={{ fontSize: 18 }}>
                  {t('doorNotice.selected', { count: picked.length })}
                </Typography.Text>
                <DoorNoticeAction households={picked} onFinished={() => setPicked([])} />
                <AddToOutreachAction
                  householdIds={picked.map((p) => p.id)}
                  labelOf={(id) => labels.get(id) ?? id.slice(0, 8)}
                  onDone={() => setPicked([])}
                />
              </Flex>
            ) : null}
          </>
        }
        {...(canExport(session.user.role)
          ? {
              exportPath: '/api/v1/households/export',
              exportFileName: t('deskFrame.register.fileHouseholds'),
            }
          : {})}
        {...(office
          ? {
              selection: {
                selected: picked.map((p) => p.id),
                onChange: (keys: string[], rows: Row[]) => {
                  const known = new Map([
                    ...picked.map((p) => [p.id, p.label] as const),
                    ...rows.filter(Boolean).map((r) => [r.id, r.address.label] as const),
                  ]);
                  setPicked(keys.map((id) => ({ id, label: known.get(id) ?? '' })));
                },
                rowLabel: (row: Row) => t('doorNotice.selectRow', { address: row.address.label }),
              },
            }
          : {})}
        testId="households-table"
      />
    </>
  );
}

function ResidentsTable() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useOutletContext<ShellContext>();
  const table = useDeskTableState({ id: 'residents', userId: session.user.id, defaultSort: 'address' });
  const data = useQuery({
    queryKey: ['residents', 'table', table.params.toString()],
    queryFn: ({ signal }) =>
      api(`/api/v1/residents?${table.params.toString()}`, { schema: ZResidentList, signal }),
    placeholderData: keepPreviousData,
  });
  type Row = NonNullable<typeof data.data>['items'][number];
  const columns: DeskColumn<Row>[] = [
    { key: 'name', title: t('deskFrame.register.name'), sortKey: 'name', alwaysShown: true },
    {
      key: 'address',
      title: t('deskFrame.register.address'),
      sortKey: 'address',
      render: (_: unknown, row: Row) => row.address.label,
    },
    {
      key: 'gender',
      title: t('deskFrame.register.gender'),
      render: (_: unknown, row: Row) => t(`deskFrame.register.${row.gender}`),
    },
    { key: 'age', title: t('deskFrame.register.age'), sortKey: 'age' },
    { key: 'relation', title: t('deskFrame.register.relation'), defaultHidden: true },
    { key: 'phone', title: t('deskFrame.register.phone') },
    {
      key: 'careTags',
      title: t('deskFrame.register.careTags'),
      render: (_: unknown, row: Row) => <CareTags tags={row.careTags} />,
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
        label={t('deskFrame.register.residentsTable')}
        onOpen={(row) => void navigate(`/households/${row.householdId}`)}
        filterBar={<RegisterFilters table={table} residents />}
        {...(canExport(session.user.role)
          ? { exportPath: '/api/v1/residents/export', exportFileName: t('deskFrame.register.fileResidents') }
          : {})}
        testId="residents-table"
      />
    </>
  );
}
