import { Alert, Button, Card, Col, Form, Input, Modal, Row, Segmented, Select, Tabs, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import { EVENT_KINDS, type EventKind, type TVisitRate } from '../../../shared/contracts/care';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { MonthInput } from '../../components/MonthInput';
import { dateTime, shortDate, todayIso } from '../../lib/dates';
import { useBuildings, useHousehold, useHouseholds } from '../../lib/queries';
import { canManageCare, canRecordCare } from '../../lib/roles';
import { useDesk } from '../../lib/useDesk';
import { useCareEvents, useDeclareEvent, useErrandDone, useErrandsDue, useVisitRate } from './api';
import { VisitStatusTag } from './CareBits';
import { CarePlansTable, CheckinsTable, ErrandsTable, KeysTable } from './CareDeskTables';
import { ErrandWhen } from './ErrandWhen';
import { ErrandModal } from './KeysErrandsFamily';

type RateFilter = 'all' | 'overdue' | 'short';

/** Care at a glance: who is overdue, whose visits fall short of policy, major events, errands due. */
export function CarePage() {
  const desk = useDesk();
  return desk ? <DeskCare /> : <PhoneCare />;
}

function PhoneCare() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const manage = canManageCare(session.user.role);
  return (
    <>
      <BackLink to="/">{t('care.backHome')}</BackLink>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('care.heading')}
      </Typography.Title>
      <CareReminders manage={manage} />
    </>
  );
}

/** What the phone shows: errands due, major events and the visit rate; at a desk it is the last tab. */
function CareReminders({ manage }: { manage: boolean }) {
  return (
    <>
      <ErrandsDue />
      {manage ? <NewErrandFromCare /> : null}
      <EventsSection manage={manage} />
      <VisitRateSection />
    </>
  );
}

/** At a desk: the care plans, check-ins, errands and keys as office tables, each in its tab. */
function DeskCare() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const manage = canManageCare(session.user.role);
  // Keys and errands are read per record by those who handle them; the subdistrict reads plans and check-ins.
  const handles = canRecordCare(session.user.role);
  const [tab, setTab] = useState('plans');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 0 }}>
        {t('care.heading')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        size="large"
        destroyOnHidden
        items={[
          { key: 'plans', label: t('careTables.tabs.plans'), children: <CarePlansTable session={session} /> },
          {
            key: 'checkins',
            label: t('careTables.tabs.checkins'),
            children: <CheckinsTable session={session} />,
          },
          ...(handles
            ? [
                {
                  key: 'errands',
                  label: t('careTables.tabs.errands'),
                  children: <ErrandsTable session={session} />,
                },
                { key: 'keys', label: t('careTables.tabs.keys'), children: <KeysTable session={session} /> },
              ]
            : []),
          { key: 'today', label: t('careTables.tabs.today'), children: <CareReminders manage={manage} /> },
        ]}
      />
    </>
  );
}

function VisitRateSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const filterId = useId();
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const [filter, setFilter] = useState<RateFilter>('all');
  const rate = useVisitRate(month);

  return (
    <section aria-labelledby={headingId} data-testid="visit-rate" style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.rateHeading')}
      </Typography.Title>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.rateMonth')} htmlFor="rate-month">
          <MonthInput id="rate-month" value={month} onChange={setMonth} />
        </Form.Item>
      </Form>
      {rate.isPending ? (
        <Loading />
      ) : rate.isError ? (
        <ErrorAlert error={rate.error} onRetry={() => void rate.refetch()} />
      ) : (
        <>
          <RateSummary data={rate.data} />
          <div id={filterId} className="linli-stat-label" style={{ marginTop: 12 }}>
            {t('care.filter')}
          </div>
          <Segmented<RateFilter>
            aria-labelledby={filterId}
            size="large"
            block
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('care.filterAll') },
              { value: 'overdue', label: t('care.filterOverdue') },
              { value: 'short', label: t('care.filterShort') },
            ]}
            style={{ marginBottom: 12 }}
          />
          <RateList data={rate.data} filter={filter} headingId={headingId} />
        </>
      )}
    </section>
  );
}

function RateSummary({ data }: { data: TVisitRate }) {
  const { t } = useTranslation();
  const cells: [string, string | number][] = [
    ['rate', data.rate === null ? '—' : `${Math.round(data.rate * 100)}%`],
    ['plans', data.plans],
    ['visitsCount', data.visits],
    ['overdue', data.overdue],
    ['shortOfPolicy', data.shortOfPolicy],
  ];
  return (
    <Row gutter={[12, 12]}>
      {cells.map(([key, value]) => (
        <Col key={key} xs={12} sm={8} md={8}>
          <Card size="small" style={{ height: '100%' }} data-testid={`rate-${key}`}>
            <div className="linli-stat-label">{t(`care.${key}`)}</div>
            <div className="linli-stat-value">{value}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function RateList({ data, filter, headingId }: { data: TVisitRate; filter: RateFilter; headingId: string }) {
  const { t } = useTranslation();
  const rows = data.items
    .filter(
      (row) => filter === 'all' || (filter === 'overdue' ? row.visitStatus === 'overdue' : row.shortBy > 0),
    )
    .sort((a, b) => b.shortBy - a.shortBy || a.nextVisitDueAt.localeCompare(b.nextVisitDueAt));
  if (rows.length === 0) return <Typography.Paragraph>{t('care.rateEmpty')}</Typography.Paragraph>;
  return (
    <ul className="linli-list" aria-labelledby={headingId}>
      {rows.map((row) => (
        <li key={row.planId} className="linli-list-item" data-testid="rate-row">
          <span style={{ flex: '1 1 220px' }}>
            <span className="linli-hit-name">{row.residentName}</span> · {row.address.label}
            <br />
            {row.responsible ? `${t('care.responsible')}：${row.responsible.name} · ` : ''}
            {t('care.rateRow', { visits: row.visits, required: row.required })}
            {row.shortBy > 0 ? (
              <strong className="linli-overdue"> · {t('care.shortBy', { count: row.shortBy })}</strong>
            ) : null}
            <br />
            {row.lastVisitAt ? t('care.lastVisit', { at: shortDate(row.lastVisitAt) }) : t('care.noVisitYet')}{' '}
            · {t('care.nextVisit', { at: shortDate(row.nextVisitDueAt) })}
          </span>
          <VisitStatusTag status={row.visitStatus} />
        </li>
      ))}
    </ul>
  );
}

function EventsSection({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const events = useCareEvents();
  const buildings = useBuildings();
  const declare = useDeclareEvent();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<EventKind | undefined>();
  const [buildingId, setBuildingId] = useState<string>('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby={headingId} data-testid="care-events" style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.eventsHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('care.eventsIntro')}</Typography.Paragraph>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <Typography.Paragraph>{t('care.noEvents')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {events.data.items.map((event) => {
            const building = buildings.data?.items.find((b) => b.id === event.buildingId);
            return (
              <li key={event.id} className="linli-list-item" data-testid="care-event">
                <span>
                  <strong style={{ fontSize: 20 }}>{t(`care.eventKinds.${event.kind}`)}</strong> ·{' '}
                  {building ? t('care.building', { number: building.number }) : t('care.wholeCommunity')}
                  <br />
                  {t('care.eventLine', {
                    at: dateTime(event.declaredAt),
                    visited: event.visited,
                    plans: event.plans,
                    due: dateTime(event.visitsDueAt),
                  })}
                  {event.note ? (
                    <>
                      <br />
                      {event.note}
                    </>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {manage ? (
        <Button type="primary" danger size="large" style={{ marginTop: 12 }} onClick={() => setOpen(true)}>
          {t('care.declare')}
        </Button>
      ) : null}
      <Modal
        open={open}
        title={t('care.declare')}
        onCancel={() => setOpen(false)}
        okText={t('care.declare')}
        cancelText={t('care.cancel')}
        okButtonProps={{ size: 'large', danger: true, disabled: !kind, loading: declare.isPending }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
        afterClose={() => {
          setKind(undefined);
          setBuildingId('');
          setNote('');
          declare.reset();
        }}
        onOk={() => {
          if (!kind) return;
          declare.mutate(
            { kind, ...(buildingId ? { buildingId } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
            {
              onSuccess: (event) => {
                setOpen(false);
                setNotice(t('care.eventDeclared', { at: dateTime(event.visitsDueAt) }));
              },
            },
          );
        }}
      >
        {declare.isError ? <ErrorAlert error={declare.error} style={{ marginBottom: 12 }} /> : null}
        <Form layout="vertical" component="div">
          <Form.Item label={t('care.eventKind')} htmlFor="event-kind">
            <Select
              id="event-kind"
              size="large"
              value={kind}
              placeholder={t('care.form.pick')}
              onChange={(value: EventKind) => setKind(value)}
              options={EVENT_KINDS.map((value) => ({ value, label: t(`care.eventKinds.${value}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('care.eventWhere')} htmlFor="event-where">
            <Select
              id="event-where"
              size="large"
              value={buildingId}
              onChange={(value: string) => setBuildingId(value)}
              options={[
                { value: '', label: t('care.wholeCommunity') },
                ...(buildings.data?.items ?? []).map((b) => ({
                  value: b.id,
                  label: t('care.building', { number: b.number }),
                })),
              ]}
            />
          </Form.Item>
          <Form.Item label={t('care.eventNote')} htmlFor="event-note">
            <Input.TextArea
              id="event-note"
              value={note}
              maxLength={2000}
              autoSize={{ minRows: 2 }}
              onChange={(e) => setNote(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}

/** Adds a recurring errand from the care page: first the household, then the errand itself. */
function NewErrandFromCare() {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const [householdId, setHouseholdId] = useState<string | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const households = useHouseholds(500, 0, choosing);
  const household = useHousehold(open ?? '', open !== null);
  return (
    <div style={{ marginBottom: 24 }}>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <Button size="large" onClick={() => setChoosing(true)}>
        <span aria-hidden="true">＋&nbsp;</span>
        {t('care.errandAdd')}
      </Button>
      <Modal
        open={choosing}
        title={t('care.errandChooseHousehold')}
        onCancel={() => setChoosing(false)}
        okText={t('care.errandContinue')}
        cancelText={t('care.cancel')}
        okButtonProps={{ size: 'large', disabled: !householdId }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
        onOk={() => {
          if (!householdId) return;
          setChoosing(false);
          setOpen(householdId);
        }}
      >
        {households.isError ? (
          <ErrorAlert error={households.error} onRetry={() => void households.refetch()} />
        ) : null}
        <Form layout="vertical" component="div">
          <Form.Item label={t('care.errandHousehold')} htmlFor="errand-household">
            <Select
              id="errand-household"
              size="large"
              loading={households.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              value={householdId}
              onChange={(value: string) => setHouseholdId(value)}
              options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.address.label }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      {open !== null && household.isError ? (
        <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />
      ) : null}
      {open !== null && household.data ? (
        <ErrandModal
          household={household.data}
          onClose={(saved) => {
            setOpen(null);
            if (saved) setNotice(t('care.saved'));
          }}
        />
      ) : null}
    </div>
  );
}

function ErrandsDue() {
  const { t } = useTranslation();
  const headingId = useId();
  const due = useErrandsDue();
  const done = useErrandDone();
  const [notice, setNotice] = useState<string | null>(null);
  if (due.isError) return null;
  const errands = (due.data?.people ?? []).flatMap((person) => person.errands);
  return (
    <section aria-labelledby={headingId} data-testid="errands-due" style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.errandsHeading')}
      </Typography.Title>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      {done.isError ? <ErrorAlert error={done.error} style={{ marginBottom: 12 }} /> : null}
      {due.isPending ? (
        <Loading />
      ) : errands.length === 0 ? (
        <Typography.Paragraph>{t('care.errandsEmpty')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {errands.map((errand) => (
            <li key={errand.id} className="linli-list-item">
              <span style={{ flex: '1 1 220px' }}>
                <strong style={{ fontSize: 20 }}>{errand.title}</strong>
                <br />
                <Link to={`/households/${errand.resident.householdId}`}>
                  {errand.resident.name} · {errand.resident.address.label}
                </Link>
                {' · '}
                <ErrandWhen errand={errand} />
              </span>
              <Button
                type="primary"
                size="large"
                loading={done.isPending && done.variables?.errandId === errand.id}
                onClick={() =>
                  done.mutate(
                    { errandId: errand.id },
                    { onSuccess: () => setNotice(t('care.errandDoneSaved', { title: errand.title })) },
                  )
                }
              >
                {t('care.errandDone')}
                <span className="linli-visually-hidden"> {errand.title}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
