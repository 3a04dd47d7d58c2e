import { Button, Flex, Input, Modal, Progress, Radio, Segmented, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext, useParams } from 'react-router';
import {
  OUTREACH_OUTCOMES,
  type OutreachOutcome,
  type TOutreachEntry,
  type TOutreachList,
} from '../../../shared/contracts/outreach';
import type { ShellContext } from '../../app/AppShell';
import { CareTags } from '../../components/CareTags';
import { ChoiceFilter } from '../../components/DeskFilters';
import { type DeskColumn, DeskTable, useDeskTableState } from '../../components/DeskTable';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime, shortDate } from '../../lib/dates';
import { useBuildings } from '../../lib/queries';
import { useDesk } from '../../lib/useDesk';
import {
  useCloseList,
  useOutreachEntries,
  useOutreachList,
  useOutreachLists,
  useRecordOutcome,
  useRemoveEntry,
} from './api';

/**
 * Outreach lists, 走访名单 (issue 23). `/outreach`: the lists with how far each round has got. `/outreach/:id`:
 * its households — at a desk a table with filters, the outcome column and 记结果 per row; on a phone a
 * plain list of doors, each with three big buttons (见到了 / 没人在家 / 不需要) for the person on the stairs.
 */

const BIG = { fontSize: 18 } as const;
const OUTCOME_COLOURS: Record<OutreachOutcome, string> = {
  pending: 'default',
  reached: 'green',
  not_home: 'gold',
  declined: 'default',
};
const DOOR_OUTCOMES = ['reached', 'not_home', 'declined'] as const;

function OutcomeTag({ outcome }: { outcome: OutreachOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={OUTCOME_COLOURS[outcome]}
      style={{ ...BIG, padding: '2px 10px', color: '#111' }}
      data-testid="outcome-tag"
    >
      {t(`outreach.outcomes.${outcome}`)}
    </Tag>
  );
}

function Counts({ list }: { list: TOutreachList }) {
  const { t, i18n } = useTranslation();
  const c = list.counts;
  const done = c.households - c.pending;
  return (
    <Flex vertical gap={4}>
      <span style={BIG}>
        {t('outreach.counts', {
          households: c.households,
          // 见到了 and 还没去 always; 没人在家 and 不需要 when there are some, so the parts add up to the whole.
          parts: (
            [
              ['reached', c.reached],
              ['not_home', c.notHome],
              ['declined', c.declined],
              ['pending', c.pending],
            ] as const
          )
            .filter(([o, n]) => n > 0 || o === 'reached' || o === 'pending')
            .map(([o, n]) => t('outreach.countPart', { outcome: t(`outreach.outcomes.${o}`), count: n }))
            .join(i18n.language === 'en' ? ', ' : '，'),
        })}
      </span>
      <Progress
        percent={c.households === 0 ? 0 : Math.round((done / c.households) * 100)}
        aria-label={t('outreach.progress')}
        strokeColor="#15803d"
        style={{ maxWidth: 360, margin: 0 }}
      />
    </Flex>
  );
}

export function OutreachListsPage() {
  const { t } = useTranslation();
  const desk = useDesk();
  const [state, setState] = useState<'open' | 'closed'>('open');
  const lists = useOutreachLists(state);
  const headingId = useId();
  return (
    <Flex vertical gap={16} style={{ maxWidth: desk ? 1000 : undefined }}>
      {desk ? null : (
        <Link to="/" className="linli-back">
          ← {t('app.backHome')}
        </Link>
      )}
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, margin: 0 }}>
        {t('outreach.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ ...BIG, margin: 0 }}>{t('outreach.intro')}</Typography.Paragraph>
      <Segmented
        size="large"
        value={state}
        onChange={(value) => setState(value as 'open' | 'closed')}
        options={[
          { value: 'open', label: t('outreach.open') },
          { value: 'closed', label: t('outreach.closed') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      {lists.isPending ? (
        <Loading />
      ) : lists.isError ? (
        <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />
      ) : lists.data.items.length === 0 ? (
        <Typography.Paragraph style={BIG}>
          {state === 'open' ? t('outreach.none') : t('outreach.noneClosed')}
        </Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId} data-testid="outreach-lists">
          {lists.data.items.map((list) => (
            <li key={list.id} className="linli-list-item">
              <Link to={`/outreach/${list.id}`} className="linli-list-link">
                <span className="linli-address">{list.title}</span>
                {list.purpose ? <span style={BIG}>{list.purpose}</span> : null}
                <span style={BIG}>
                  {[
                    list.dueOn ? t('outreach.dueOn', { date: shortDate(list.dueOn) }) : null,
                    t('outreach.madeBy', { name: list.createdBy }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </Link>
              <Counts list={list} />
            </li>
          ))}
        </ul>
      )}
    </Flex>
  );
}

export function OutreachListPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const desk = useDesk();
  const list = useOutreachList(id);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Flex vertical gap={16}>
      <Link to="/outreach" className="linli-back">
        ← {t('outreach.back')}
      </Link>
      <ListHeading list={list.data} />
      {desk ? <DeskEntries list={list.data} /> : <PhoneEntries list={list.data} />}
    </Flex>
  );
}

function ListHeading({ list }: { list: TOutreachList }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const close = useCloseList();
  const errorText = useErrorText();
  const [confirm, setConfirm] = useState(false);
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} style={{ fontSize: 30, margin: 0 }}>
        {list.title}
      </Typography.Title>
      {list.purpose ? (
        <Typography.Paragraph style={{ ...BIG, margin: 0 }}>
          {t('outreach.purpose')}：{list.purpose}
        </Typography.Paragraph>
      ) : null}
      <span style={BIG}>
        {list.closedAt
          ? t('outreach.closedOn', { date: shortDate(list.closedAt) })
          : list.dueOn
            ? t('outreach.dueOn', { date: shortDate(list.dueOn) })
            : null}
      </span>
      <div data-testid="outreach-counts">
        <Counts list={list} />
      </div>
      {list.mayManage ? (
        <Button size="large" onClick={() => setConfirm(true)} style={{ alignSelf: 'flex-start' }}>
          {t('outreach.close')}
        </Button>
      ) : null}
      {close.isError ? <Typography.Text type="danger">{errorText(close.error)}</Typography.Text> : null}
      <Modal
        open={confirm}
        title={<span style={{ fontSize: 22 }}>{t('outreach.close')}</span>}
        okText={t('outreach.closeOk')}
        cancelText={t('outreach.cancel')}
        okButtonProps={{ size: 'large', loading: close.isPending }}
        cancelButtonProps={{ size: 'large' }}
        onCancel={() => setConfirm(false)}
        onOk={() =>
          close.mutate(list.id, {
            onSuccess: () => {
              setConfirm(false);
              void navigate('/outreach');
            },
          })
        }
      >
        <p style={BIG}>{t('outreach.closeConfirm')}</p>
      </Modal>
    </Flex>
  );
}

function DeskEntries({ list }: { list: TOutreachList }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const buildings = useBuildings();
  const table = useDeskTableState({
    id: `outreach-${list.id}`,
    userId: session.user.id,
    defaultSort: 'address',
  });
  const page = useOutreachEntries(list.id, table.params.toString());
  const [recording, setRecording] = useState<TOutreachEntry | null>(null);
  const [removing, setRemoving] = useState<TOutreachEntry | null>(null);
  const mayExport = ['subdistrict', 'worker', 'committee'].includes(session.user.role);
  const columns: DeskColumn<TOutreachEntry>[] = [
    {
      key: 'address',
      title: t('outreach.columns.address'),
      sortKey: 'address',
      alwaysShown: true,
      render: (_: unknown, row) => (
        <Link to={`/households/${row.householdId}`} tabIndex={-1}>
          {row.address.label}
        </Link>
      ),
    },
    {
      key: 'residents',
      title: t('outreach.columns.residents'),
      render: (_: unknown, row) => row.residents.join('、'),
    },
    {
      key: 'careTags',
      title: t('outreach.columns.careTags'),
      render: (_: unknown, row) => <CareTags tags={row.careTags} />,
    },
    {
      key: 'outcome',
      title: t('outreach.columns.outcome'),
      sortKey: 'outcome',
      render: (_: unknown, row) => (
        <Flex gap={8} align="center" wrap>
          <OutcomeTag outcome={row.outcome} />
          {row.mayRecord ? (
            <Button
              size="large"
              onClick={(event) => {
                event.stopPropagation();
                setRecording(row);
              }}
              aria-label={`${t('outreach.record')}：${row.address.label}`}
              data-testid={`record-${row.address.label}`}
            >
              {t('outreach.record')}
            </Button>
          ) : null}
          {list.mayManage && row.outcome === 'pending' ? (
            <Button
              size="large"
              onClick={(event) => {
                event.stopPropagation();
                setRemoving(row);
              }}
              aria-label={`${t('outreach.remove')}：${row.address.label}`}
              data-testid={`remove-${row.address.label}`}
            >
              {t('outreach.remove')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
    { key: 'note', title: t('outreach.columns.note') },
    { key: 'recordedBy', title: t('outreach.columns.recordedBy') },
    {
      key: 'recordedAt',
      title: t('outreach.columns.recordedAt'),
      sortKey: 'recorded',
      render: (v: string | null) => (v ? dateTime(v) : ''),
    },
    { key: 'addedBy', title: t('outreach.columns.addedBy'), defaultHidden: true },
    {
      key: 'addedAt',
      title: t('outreach.columns.addedAt'),
      sortKey: 'added',
      defaultHidden: true,
      render: (v: string) => dateTime(v),
    },
  ];
  return (
    <>
      {page.isError ? <ErrorAlert error={page.error} onRetry={() => void page.refetch()} /> : null}
      <DeskTable<TOutreachEntry>
        state={table}
        columns={columns}
        rows={page.data?.items}
        total={page.data?.total ?? 0}
        loading={page.isPending || page.isFetching}
        rowKey="id"
        label={t('outreach.table')}
        testId="outreach-table"
        {...(mayExport
          ? { exportPath: `/api/v1/outreach/lists/${list.id}/export`, exportFileName: t('outreach.file') }
          : {})}
        filterBar={
          <Flex gap={16} wrap align="end">
            <ChoiceFilter
              table={table}
              name="outcome"
              label={t('outreach.filters.outcome')}
              options={OUTREACH_OUTCOMES.map((o) => ({ value: o, label: t(`outreach.outcomes.${o}`) }))}
            />
            <ChoiceFilter
              table={table}
              name="buildingId"
              label={t('outreach.filters.building')}
              testId="filter-building"
              options={(buildings.data?.items ?? []).map((b) => ({
                value: b.id,
                label: t('outreach.filters.buildingNumber', { number: b.number }),
              }))}
            />
            <Button size="large" onClick={() => table.clearFilters()}>
              {t('outreach.filters.clear')}
            </Button>
          </Flex>
        }
      />
      <RecordDialog entry={recording} onClose={() => setRecording(null)} />
      <RemoveDialog entry={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

/** At a desk: the outcome of one door and a short note. */
/** Asks before taking a door off the list; a refusal (someone recorded it meanwhile) says why. */
function RemoveDialog({ entry, onClose }: { entry: TOutreachEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useRemoveEntry();
  const errorText = useErrorText();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Modal
      open={entry !== null}
      title={
        <span style={{ fontSize: 22 }}>
          {t('outreach.removeTitle', { address: entry?.address.label ?? '' })}
        </span>
      }
      okText={t('outreach.removeOk')}
      cancelText={t('outreach.removeCancel')}
      okButtonProps={{ size: 'large', loading: remove.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onCancel={close}
      onOk={() => entry && remove.mutate(entry.id, { onSuccess: close })}
    >
      <p style={BIG}>{t('outreach.removeConfirm')}</p>
      {remove.isError ? (
        <Typography.Text type="danger" style={BIG} role="alert">
          {errorText(remove.error)}
        </Typography.Text>
      ) : null}
    </Modal>
  );
}

function RecordDialog({ entry, onClose }: { entry: TOutreachEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordOutcome();
  const errorText = useErrorText();
  const noteId = useId();
  const [outcome, setOutcome] = useState<OutreachOutcome>('reached');
  const [note, setNote] = useState('');
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (entry && shownFor !== entry.id) {
    setShownFor(entry.id);
    setOutcome(entry.outcome === 'pending' ? 'reached' : entry.outcome);
    setNote(entry.note ?? '');
    record.reset();
  }
  return (
    <Modal
      open={entry !== null}
      title={
        <span style={{ fontSize: 22 }}>
          {t('outreach.recordTitle', { address: entry?.address.label ?? '' })}
        </span>
      }
      okText={t('outreach.save')}
      cancelText={t('outreach.add.cancel')}
      okButtonProps={{ size: 'large', loading: record.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onCancel={() => {
        setShownFor(null);
        onClose();
      }}
      onOk={() =>
        entry &&
        record.mutate(
          { entryId: entry.id, body: { outcome, ...(note.trim() ? { note: note.trim() } : {}) } },
          {
            onSuccess: () => {
              setShownFor(null);
              onClose();
            },
          },
        )
      }
    >
      <Flex vertical gap={16} style={BIG} data-testid="record-dialog">
        <Radio.Group
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
          aria-label={t('outreach.columns.outcome')}
        >
          <Flex vertical gap={8}>
            {OUTREACH_OUTCOMES.map((o) => (
              <Radio key={o} value={o} style={BIG}>
                {t(`outreach.outcomes.${o}`)}
              </Radio>
            ))}
          </Flex>
        </Radio.Group>
        <Flex vertical gap={4}>
          <label htmlFor={noteId}>{t('outreach.note')}</label>
          <Input.TextArea
            id={noteId}
            value={note}
            maxLength={300}
            autoSize={{ minRows: 2, maxRows: 4 }}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('outreach.notePlaceholder')}
            style={BIG}
            data-testid="record-note"
          />
        </Flex>
        {record.isError ? (
          <Typography.Text type="danger" role="alert" style={BIG}>
            {errorText(record.error)}
          </Typography.Text>
        ) : null}
      </Flex>
    </Modal>
  );
}

/** On a phone: the doors in walking order, each with three big buttons. */
function PhoneEntries({ list }: { list: TOutreachList }) {
  const { t } = useTranslation();
  const entries = useOutreachEntries(list.id, 'limit=500&sort=address');
  const record = useRecordOutcome();
  const errorText = useErrorText();
  const [saved, setSaved] = useState<string | null>(null);
  const headingId = useId();
  if (entries.isPending) return <Loading />;
  if (entries.isError) return <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />;
  if (entries.data.items.length === 0)
    return <Typography.Paragraph style={BIG}>{t('outreach.noneForYou')}</Typography.Paragraph>;
  const mark = (entry: TOutreachEntry, outcome: OutreachOutcome) =>
    record.mutate(
      { entryId: entry.id, body: { outcome } },
      {
        onSuccess: () =>
          setSaved(
            t('outreach.saved', { address: entry.address.label, outcome: t(`outreach.outcomes.${outcome}`) }),
          ),
      },
    );
  return (
    <Flex vertical gap={12}>
      {list.closedAt ? null : (
        <Typography.Paragraph id={headingId} style={{ ...BIG, margin: 0 }}>
          {t('outreach.phoneHint')}
        </Typography.Paragraph>
      )}
      <div role="status" aria-live="polite" style={{ ...BIG, fontWeight: 700, color: '#15803d' }}>
        {saved}
      </div>
      {record.isError ? (
        <Typography.Text type="danger" role="alert" style={BIG}>
          {errorText(record.error)}
        </Typography.Text>
      ) : null}
      <ul className="linli-list" aria-label={t('outreach.table')} data-testid="outreach-doors">
        {entries.data.items.map((entry) => (
          <li key={entry.id} className="linli-list-item" data-testid={`door-${entry.address.label}`}>
            <Flex vertical gap={8} style={{ width: '100%' }}>
              <Flex justify="space-between" align="center" wrap gap={8}>
                <span className="linli-address">{entry.address.label}</span>
                <OutcomeTag outcome={entry.outcome} />
              </Flex>
              {entry.residents.length > 0 ? <span style={BIG}>{entry.residents.join('、')}</span> : null}
              <CareTags tags={entry.careTags} />
              {entry.mayRecord ? (
                <Flex vertical gap={8}>
                  {DOOR_OUTCOMES.map((o) => (
                    <Button
                      key={o}
                      size="large"
                      block
                      type={entry.outcome === o ? 'primary' : 'default'}
                      aria-pressed={entry.outcome === o}
                      aria-label={`${entry.address.label} ${t(`outreach.outcomes.${o}`)}`}
                      style={{ minHeight: 56, fontSize: 20 }}
                      disabled={record.isPending}
                      onClick={() => mark(entry, o)}
                    >
                      {t(`outreach.outcomes.${o}`)}
                    </Button>
                  ))}
                  {entry.outcome !== 'pending' ? (
                    <Button size="large" type="link" onClick={() => mark(entry, 'pending')} style={BIG}>
                      {t('outreach.undo')}
                    </Button>
                  ) : null}
                </Flex>
              ) : null}
            </Flex>
          </li>
        ))}
      </ul>
    </Flex>
  );
}
