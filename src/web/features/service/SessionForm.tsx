import { Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TService } from '../../../shared/contracts/service';
import { DateField, TimeField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useBuildings } from '../../lib/queries';
import { useCreateSession } from './api';
import { beijingToday, useServiceName } from './ServiceBits';

/** A time typed on the station's form is Beijing time, wherever the phone thinks it is. */
function beijingInstant(day: string, time: string): string {
  return `${day}T${time}:00+08:00`;
}

/** The organiser plans a session: which service, when, where, how many residents and volunteers. */
export function SessionForm({ services, onClose }: { services: readonly TService[]; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useServiceName();
  const navigate = useNavigate();
  const create = useCreateSession();
  const buildings = useBuildings();
  const serviceLabel = useId();
  const placeLabel = useId();
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [day, setDay] = useState(beijingToday());
  const [starts, setStarts] = useState('09:00');
  const [ends, setEnds] = useState('11:00');
  const [place, setPlace] = useState<'station' | 'home'>('station');
  const [buildingId, setBuildingId] = useState('');
  const [capacity, setCapacity] = useState<number | null>(10);
  const [volunteers, setVolunteers] = useState<number | null>(2);
  const [note, setNote] = useState('');
  const valid =
    serviceId !== '' &&
    /^\d{4}-\d{2}-\d{2}$/.test(day) &&
    starts < ends &&
    capacity !== null &&
    volunteers !== null &&
    (place === 'station' || buildingId !== '');

  return (
    <Modal
      open
      title={t('service.newSession')}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        create.mutate(
          {
            serviceId,
            startsAt: beijingInstant(day, starts),
            endsAt: beijingInstant(day, ends),
            place: place === 'home' ? { kind: 'home', buildingId } : { kind: 'station' },
            capacity: capacity ?? 1,
            volunteersNeeded: volunteers ?? 0,
            ...(note.trim() ? { note: note.trim() } : {}),
          },
          { onSuccess: (session) => void navigate(`/service/sessions/${session.id}`) },
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
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.day')} htmlFor="session-day">
          <DateField id="session-day" value={day} onChange={setDay} />
        </Form.Item>
        <Form.Item label={t('service.startsAt')} htmlFor="session-starts">
          <TimeField id="session-starts" value={starts} onChange={setStarts} />
        </Form.Item>
        <Form.Item label={t('service.endsAt')} htmlFor="session-ends">
          <TimeField id="session-ends" value={ends} onChange={setEnds} />
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
          <Form.Item label={t('service.building')} htmlFor="session-building">
            <select
              id="session-building"
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
        <Form.Item label={t('service.capacity')} htmlFor="session-capacity">
          <InputNumber
            id="session-capacity"
            size="large"
            min={1}
            max={1000}
            value={capacity}
            onChange={setCapacity}
          />
        </Form.Item>
        <Form.Item label={t('service.volunteersNeeded')} htmlFor="session-volunteers">
          <InputNumber
            id="session-volunteers"
            size="large"
            min={0}
            max={200}
            value={volunteers}
            onChange={setVolunteers}
          />
        </Form.Item>
        <Form.Item label={t('service.note')} htmlFor="session-note">
          <Input id="session-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
