import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TService, ZSeries, ZSessionChange } from '../../../shared/contracts/service';
import { DateField, TimeField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useBuildings, useResidentSearch } from '../../lib/queries';
import {
  useChangeSession,
  useCreateSeries,
  useEnrolInSeries,
  useJoinSeries,
  useSeriesList,
  useVolunteers,
} from './api';
import { beijingDay, beijingToday, SessionRow, sessionWhen, useServiceName } from './ServiceBits';

type Series = z.infer<typeof ZSeries>;
type SeriesSession = Series['sessions'][number];
type Change = z.infer<typeof ZSessionChange>;

/**
 * Services that recur (issue 20): every Tuesday morning's haircuts at the station, a monthly
 * blood-pressure round at home. Each series shows its coming dates; a resident booked on every date, a
 * volunteer on every date; one date moved or cancelled with a reason, and the people booked on it listed
 * to be told.
 */
export function SeriesSection({ services, manage }: { services: readonly TService[]; manage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const list = useSeriesList();
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby={headingId} data-testid="service-series" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('serviceSeries.heading')}
      </Typography.Title>
      {manage ? (
        <Button
          size="large"
          disabled={services.length === 0}
          onClick={() => setCreating(true)}
          style={{ marginBottom: 16 }}
        >
          <span aria-hidden="true">＋&nbsp;</span>
          {t('serviceSeries.newSeries')}
        </Button>
      ) : null}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.series.length === 0 ? (
        <Typography.Paragraph>{t('serviceSeries.none')}</Typography.Paragraph>
      ) : (
        list.data.series.map((s) => <SeriesCard key={s.id} series={s} services={services} manage={manage} />)
      )}
      {creating ? <SeriesForm services={services} onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function useRuleText() {
  const { t } = useTranslation();
  return (s: Pick<Series, 'rule' | 'weekday' | 'monthDay' | 'startTime'>) =>
    s.rule === 'weekly'
      ? t('serviceSeries.ruleWeekly', {
          weekday: t(`serviceSeries.weekdays.${s.weekday ?? 1}`),
          time: s.startTime,
        })
      : t('serviceSeries.ruleMonthly', { day: s.monthDay ?? 1, time: s.startTime });
}

function SeriesCard({
  series,
  services,
  manage,
}: {
  series: Series;
  services: readonly TService[];
  manage: boolean;
}) {
  const { t } = useTranslation();
  const name = useServiceName();
  const ruleText = useRuleText();
  const headingId = useId();
  const service = services.find((s) => s.id === series.serviceId);
  const [changing, setChanging] = useState<{ session: SeriesSession; kind: 'cancel' | 'move' } | null>(null);
  return (
    <article
      aria-labelledby={headingId}
      className="linli-subform"
      data-testid="service-series-card"
      style={{ marginBottom: 16 }}
    >
      <h3 id={headingId} className="linli-subheading" style={{ fontSize: 22 }}>
        {service ? name(service) : ''} · {ruleText(series)}
      </h3>
      <Typography.Paragraph>
        {t('serviceSeries.summary', { enrolled: series.enrolled, volunteers: series.volunteers })}
      </Typography.Paragraph>
      <h4 className="linli-stat-label">{t('serviceSeries.coming')}</h4>
      {series.sessions.length === 0 ? (
        <Typography.Paragraph>{t('serviceSeries.noneComing')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list">
          {series.sessions.map((s) =>
            s.cancelledAt ? (
              <li key={s.id} className="linli-list-item" data-testid="service-session-cancelled">
                <span style={{ flex: '1 1 220px' }}>
                  <s>{sessionWhen(s)}</s> · {t('serviceSeries.cancelled', { reason: s.changeReason ?? '' })}
                </span>
              </li>
            ) : (
              <SessionRow
                key={s.id}
                session={s}
                extra={
                  <Flex gap={8} wrap style={{ flex: '1 1 100%' }}>
                    {s.movedFrom ? (
                      <span style={{ flex: '1 1 100%' }}>
                        {t('serviceSeries.moved', {
                          from: sessionWhen({ startsAt: s.movedFrom, endsAt: s.movedFrom }).slice(0, 16),
                          reason: s.changeReason ?? '',
                        })}
                      </span>
                    ) : null}
                    {manage ? (
                      <>
                        <Button size="large" onClick={() => setChanging({ session: s, kind: 'move' })}>
                          {t('serviceSeries.move')}
                          <span className="linli-visually-hidden"> {sessionWhen(s)}</span>
                        </Button>
                        <Button
                          size="large"
                          danger
                          onClick={() => setChanging({ session: s, kind: 'cancel' })}
                        >
                          {t('serviceSeries.cancelOne')}
                          <span className="linli-visually-hidden"> {sessionWhen(s)}</span>
                        </Button>
                      </>
                    ) : null}
                  </Flex>
                }
              />
            ),
          )}
        </ul>
      )}
      {manage ? (
        <>
          <EnrolResident series={series} />
          <JoinVolunteer series={series} />
        </>
      ) : null}
      {changing ? (
        <ChangeModal session={changing.session} kind={changing.kind} onClose={() => setChanging(null)} />
      ) : null}
    </article>
  );
}

function EnrolResident({ series }: { series: Series }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [q, setQ] = useState('');
  const [homeVisit, setHomeVisit] = useState(series.sessions[0]?.place.kind === 'home');
  const [done, setDone] = useState<string | null>(null);
  const enrol = useEnrolInSeries(series.id);
  const search = useResidentSearch({ q: q.trim(), limit: 5 }, q.trim().length > 0);
  return (
    <div style={{ marginTop: 16 }}>
      <h4 className="linli-subheading">{t('serviceSeries.enrolHeading')}</h4>
      {done ? <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 8 }} /> : null}
      {enrol.isError ? <ErrorAlert error={enrol.error} style={{ marginBottom: 8 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.searchResident')} htmlFor={inputId} style={{ marginBottom: 8 }}>
          <Input id={inputId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </Form.Item>
      </Form>
      <Checkbox
        checked={homeVisit}
        onChange={(e) => setHomeVisit(e.target.checked)}
        style={{ marginBottom: 8 }}
      >
        {t('service.homeVisitHint')}
      </Checkbox>
      <ul className="linli-list">
        {(search.data?.items ?? []).map((hit) => (
          <li key={hit.residentId} className="linli-list-item" data-testid="series-enrol-hit">
            <span style={{ flex: '1 1 180px' }}>
              <strong style={{ fontSize: 20 }}>{hit.name}</strong> · {hit.address.label}
            </span>
            <Button
              type="primary"
              size="large"
              loading={enrol.isPending && enrol.variables?.residentId === hit.residentId}
              onClick={() =>
                enrol.mutate(
                  { residentId: hit.residentId, homeVisit },
                  { onSuccess: () => setDone(t('serviceSeries.enrolled', { name: hit.name })) },
                )
              }
            >
              {t('serviceSeries.enrol')}
              <span className="linli-visually-hidden"> {hit.name}</span>
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function JoinVolunteer({ series }: { series: Series }) {
  const { t } = useTranslation();
  const selectId = useId();
  const volunteers = useVolunteers();
  const join = useJoinSeries(series.id);
  const [volunteerId, setVolunteerId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const chosen = volunteers.data?.items.find((v) => v.id === volunteerId);
  return (
    <div style={{ marginTop: 16 }}>
      <h4 className="linli-subheading">{t('serviceSeries.volunteerHeading')}</h4>
      {done ? <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 8 }} /> : null}
      {join.isError ? <ErrorAlert error={join.error} style={{ marginBottom: 8 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('serviceSeries.chooseVolunteer')} htmlFor={selectId} style={{ marginBottom: 8 }}>
          <select
            id={selectId}
            className="linli-input"
            value={volunteerId}
            onChange={(e) => setVolunteerId(e.target.value)}
            style={{ minHeight: 48, fontSize: 18, width: '100%' }}
          >
            <option value="">—</option>
            {(volunteers.data?.items ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </Form.Item>
      </Form>
      <Button
        size="large"
        disabled={!chosen}
        loading={join.isPending}
        onClick={() =>
          chosen &&
          join.mutate(chosen.id, {
            onSuccess: () => setDone(t('serviceSeries.joined', { name: chosen.name })),
          })
        }
      >
        {t('serviceSeries.join')}
      </Button>
      <Typography.Paragraph style={{ marginTop: 8 }}>{t('serviceSeries.oneDateHint')}</Typography.Paragraph>
    </div>
  );
}

function ChangeModal({
  session,
  kind,
  onClose,
}: {
  session: SeriesSession;
  kind: 'cancel' | 'move';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const change = useChangeSession(session.id);
  const [reason, setReason] = useState('');
  const [day, setDay] = useState(beijingDay(session.startsAt));
  const [starts, setStarts] = useState(clockOf(session.startsAt));
  const [ends, setEnds] = useState(clockOf(session.endsAt));
  const [result, setResult] = useState<Change | null>(null);
  const when = sessionWhen(session);
  const valid =
    reason.trim() !== '' && (kind === 'cancel' || (/^\d{4}-\d{2}-\d{2}$/.test(day) && starts < ends));
  if (result) return <ToTell result={result} onClose={onClose} />;
  return (
    <Modal
      open
      title={t(kind === 'cancel' ? 'serviceSeries.changeTitleCancel' : 'serviceSeries.changeTitleMove', {
        when,
      })}
      onCancel={onClose}
      okText={t(kind === 'cancel' ? 'serviceSeries.confirmCancel' : 'serviceSeries.confirmMove')}
      cancelText={t('service.cancel')}
      okButtonProps={{
        size: 'large',
        disabled: !valid,
        loading: change.isPending,
        danger: kind === 'cancel',
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        change.mutate(
          kind === 'cancel'
            ? { reason: reason.trim() }
            : {
                reason: reason.trim(),
                startsAt: `${day}T${starts}:00+08:00`,
                endsAt: `${day}T${ends}:00+08:00`,
              },
          { onSuccess: setResult },
        )
      }
    >
      {change.isError ? <ErrorAlert error={change.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        {kind === 'move' ? (
          <>
            <Form.Item label={t('serviceSeries.newDay')} htmlFor="change-day">
              <DateField id="change-day" value={day} onChange={setDay} />
            </Form.Item>
            <Form.Item label={t('serviceSeries.newStart')} htmlFor="change-starts">
              <TimeField id="change-starts" value={starts} onChange={setStarts} />
            </Form.Item>
            <Form.Item label={t('serviceSeries.newEnd')} htmlFor="change-ends">
              <TimeField id="change-ends" value={ends} onChange={setEnds} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item label={t('serviceSeries.reason')} htmlFor="change-reason">
          <Input.TextArea
            id="change-reason"
            value={reason}
            maxLength={500}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Beijing `HH:MM` of an instant. */
function clockOf(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

/** Everyone booked or signed up on the changed date, with a phone to ring or a door to knock on. */
function ToTell({ result, onClose }: { result: Change; onClose: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const nobody = result.residentsToTell.length === 0 && result.volunteersToTell.length === 0;
  return (
    <Modal
      open
      title={t('serviceSeries.toTellHeading')}
      onCancel={onClose}
      footer={
        <Button type="primary" size="large" onClick={onClose}>
          {t('serviceSeries.close')}
        </Button>
      }
    >
      <Typography.Paragraph id={headingId} strong>
        {sessionWhen(result.session)} ·{' '}
        {result.session.cancelledAt
          ? t('serviceSeries.cancelled', { reason: result.session.changeReason ?? '' })
          : t('serviceSeries.moved', {
              from: result.session.movedFrom
                ? sessionWhen({ startsAt: result.session.movedFrom, endsAt: result.session.movedFrom }).slice(
                    0,
                    16,
                  )
                : '',
              reason: result.session.changeReason ?? '',
            })}
      </Typography.Paragraph>
      {nobody ? (
        <Typography.Paragraph>{t('serviceSeries.toTellNone')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId} data-testid="service-to-tell">
          {result.residentsToTell.map((r) => (
            <li key={r.residentId} className="linli-list-item" data-testid="service-to-tell-person">
              <span style={{ flex: '1 1 200px', fontSize: 18 }}>
                {t('serviceSeries.residentLine', { name: r.name, address: r.address.label })}
                {r.homeVisit ? ` · ${t('serviceSeries.homeVisit')}` : ''}
              </span>
              {r.phone ? (
                <a href={`tel:${r.phone}`} style={{ fontSize: 20 }}>
                  {r.phone}
                </a>
              ) : (
                <span>{t('serviceSeries.noPhone')}</span>
              )}
            </li>
          ))}
          {result.volunteersToTell.map((v) => (
            <li key={v.volunteerId} className="linli-list-item" data-testid="service-to-tell-person">
              <span style={{ flex: '1 1 200px', fontSize: 18 }}>
                {t('serviceSeries.volunteerLine', { name: v.name })}
              </span>
              {v.phone ? (
                <a href={`tel:${v.phone}`} style={{ fontSize: 20 }}>
                  {v.phone}
                </a>
              ) : (
                <span>{t('serviceSeries.noPhone')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}

/** A new series: which service, how often, when, where, places, volunteers, from which day. */
function SeriesForm({ services, onClose }: { services: readonly TService[]; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useServiceName();
  const create = useCreateSeries();
  const buildings = useBuildings();
  const serviceLabel = useId();
  const ruleLabel = useId();
  const placeLabel = useId();
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [rule, setRule] = useState<'weekly' | 'monthly'>('weekly');
  const [weekday, setWeekday] = useState(2);
  const [monthDay, setMonthDay] = useState<number | null>(1);
  const [startTime, setStartTime] = useState('09:00');
  const [minutes, setMinutes] = useState<number | null>(120);
  const [place, setPlace] = useState<'station' | 'home'>('station');
  const [buildingId, setBuildingId] = useState('');
  const [capacity, setCapacity] = useState<number | null>(10);
  const [volunteers, setVolunteers] = useState<number | null>(2);
  const [startsOn, setStartsOn] = useState(beijingToday());
  const [weeksAhead, setWeeksAhead] = useState<number | null>(4);
  const valid =
    serviceId !== '' &&
    /^\d{4}-\d{2}-\d{2}$/.test(startsOn) &&
    /^\d{2}:\d{2}$/.test(startTime) &&
    minutes !== null &&
    capacity !== null &&
    volunteers !== null &&
    weeksAhead !== null &&
    (rule === 'weekly' || monthDay !== null) &&
    (place === 'station' || buildingId !== '');
  return (
    <Modal
      open
      title={t('serviceSeries.newSeries')}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        create.mutate(
          {
            serviceId,
            rule,
            ...(rule === 'weekly' ? { weekday } : { monthDay: monthDay ?? 1 }),
            startTime,
            minutes: minutes ?? 60,
            place: place === 'home' ? { kind: 'home', buildingId } : { kind: 'station' },
            capacity: capacity ?? 1,
            volunteersNeeded: volunteers ?? 0,
            startsOn,
            weeksAhead: weeksAhead ?? 4,
          },
          { onSuccess: onClose },
        )
      }
    >
      {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 12 }} /> : null}
      <div id={serviceLabel} className="linli-stat-label">
        {t('service.whichService')}
      </div>
      <Radio.Group
        aria-labelledby={serviceLabel}
        className="linli-choice-grid"
        optionType="button"
        value={serviceId}
        onChange={(e) => setServiceId(String(e.target.value))}
        options={services.map((s) => ({ value: s.id, label: name(s) }))}
        style={{ marginBottom: 12 }}
      />
      <div id={ruleLabel} className="linli-stat-label">
        {t('serviceSeries.howOften')}
      </div>
      <Radio.Group
        aria-labelledby={ruleLabel}
        className="linli-choice-grid"
        optionType="button"
        value={rule}
        onChange={(e) => setRule(e.target.value as 'weekly' | 'monthly')}
        options={[
          { value: 'weekly', label: t('serviceSeries.weekly') },
          { value: 'monthly', label: t('serviceSeries.monthly') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Form layout="vertical" component="div">
        {rule === 'weekly' ? (
          <Form.Item label={t('serviceSeries.weekday')} htmlFor="series-weekday">
            <select
              id="series-weekday"
              className="linli-input"
              value={weekday}
              onChange={(e) => setWeekday(Number(e.target.value))}
              style={{ minHeight: 48, fontSize: 18, width: '100%' }}
            >
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <option key={d} value={d}>
                  {t(`serviceSeries.weekdays.${d}`)}
                </option>
              ))}
            </select>
          </Form.Item>
        ) : (
          <Form.Item label={t('serviceSeries.monthDay')} htmlFor="series-month-day">
            <InputNumber
              id="series-month-day"
              size="large"
              min={1}
              max={28}
              value={monthDay}
              onChange={setMonthDay}
            />
          </Form.Item>
        )}
        <Form.Item label={t('serviceSeries.startTime')} htmlFor="series-start">
          <TimeField id="series-start" value={startTime} onChange={setStartTime} />
        </Form.Item>
        <Form.Item label={t('serviceSeries.minutes')} htmlFor="series-minutes">
          <InputNumber
            id="series-minutes"
            size="large"
            min={10}
            max={720}
            value={minutes}
            onChange={setMinutes}
          />
        </Form.Item>
      </Form>
      <div id={placeLabel} className="linli-stat-label">
        {t('service.where')}
      </div>
      <Radio.Group
        aria-labelledby={placeLabel}
        className="linli-choice-grid"
        optionType="button"
        value={place}
        onChange={(e) => setPlace(e.target.value as 'station' | 'home')}
        options={[
          { value: 'station', label: t('service.placeStation') },
          { value: 'home', label: t('service.placeHome') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Form layout="vertical" component="div">
        {place === 'home' ? (
          <Form.Item label={t('service.building')} htmlFor="series-building">
            <select
              id="series-building"
              className="linli-input"
              value={buildingId}
              onChange={(e) => setBuildingId(e.target.value)}
              style={{ minHeight: 48, fontSize: 18, width: '100%' }}
            >
              <option value="">{t('service.chooseBuilding')}</option>
              {(buildings.data?.items ?? []).map((b) => (
                <option key={b.id} value={b.id}>
                  {t('service.buildingNumber', { number: b.number })}
                </option>
              ))}
            </select>
          </Form.Item>
        ) : null}
        <Form.Item label={t('service.capacity')} htmlFor="series-capacity">
          <InputNumber
            id="series-capacity"
            size="large"
            min={1}
            max={1000}
            value={capacity}
            onChange={setCapacity}
          />
        </Form.Item>
        <Form.Item label={t('service.volunteersNeeded')} htmlFor="series-volunteers">
          <InputNumber
            id="series-volunteers"
            size="large"
            min={0}
            max={200}
            value={volunteers}
            onChange={setVolunteers}
          />
        </Form.Item>
        <Form.Item label={t('serviceSeries.startsOn')} htmlFor="series-starts-on">
          <DateField id="series-starts-on" value={startsOn} onChange={setStartsOn} />
        </Form.Item>
        <Form.Item label={t('serviceSeries.weeksAhead')} htmlFor="series-weeks">
          <InputNumber
            id="series-weeks"
            size="large"
            min={1}
            max={12}
            value={weeksAhead}
            onChange={setWeeksAhead}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
