import { Button, Checkbox, Flex, Form, Input, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TSession } from '../../../shared/contracts/service';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useResidentSearch } from '../../lib/queries';
import { useAttendance, useBookResident, useCancelBooking } from './api';
import { ReadingModal } from './ReadingModal';

/** Residents booked for the session, their attendance, and booking someone by name or address. */
export function BookingsSection({
  session,
  canBook,
  canManage,
}: {
  session: TSession;
  canBook: boolean;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const attendance = useAttendance();
  const cancel = useCancelBooking();
  const over = Date.parse(session.endsAt) <= Date.now();
  const [measuring, setMeasuring] = useState<{ residentId: string; name: string } | null>(null);
  const failed = attendance.error ?? cancel.error;
  const active = session.bookings;

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.bookingsHeading', { booked: session.booked, capacity: session.capacity })}
      </Typography.Title>
      {failed ? <ErrorAlert error={failed} style={{ marginBottom: 12 }} /> : null}
      {active.length === 0 ? <Typography.Paragraph>{t('service.noBookings')}</Typography.Paragraph> : null}
      <ul className="linli-list" aria-labelledby={headingId} data-testid="bookings">
        {active.map((b) => (
          <li
            key={b.id}
            className="linli-list-item"
            data-testid="booking"
            data-booking-id={b.id}
            data-served={b.served === null ? '' : String(b.served)}
          >
            <span style={{ flex: '1 1 200px' }}>
              <strong style={{ fontSize: 20 }}>{b.resident.name}</strong> · {b.resident.address.label}
              {b.homeVisit ? (
                <>
                  {' '}
                  <Tag color="#1d3a8a">{t('service.homeVisit')}</Tag>
                </>
              ) : null}
              <br />
              {b.served === null
                ? t('service.notRecorded')
                : b.served
                  ? t('service.served')
                  : t('service.notServed')}
            </span>
            <Flex gap={8} wrap>
              {canManage ? (
                <>
                  <Button
                    size="large"
                    type={b.served === true ? 'primary' : 'default'}
                    aria-pressed={b.served === true}
                    loading={attendance.isPending && attendance.variables?.bookingId === b.id}
                    onClick={() => attendance.mutate({ bookingId: b.id, served: true })}
                  >
                    {t('service.markServed')}
                    <span className="linli-visually-hidden"> {b.resident.name}</span>
                  </Button>
                  <Button
                    size="large"
                    aria-pressed={b.served === false}
                    onClick={() => attendance.mutate({ bookingId: b.id, served: false })}
                  >
                    {t('service.markAbsent')}
                    <span className="linli-visually-hidden"> {b.resident.name}</span>
                  </Button>
                </>
              ) : null}
              {canManage ? (
                <Button size="large" onClick={() => setMeasuring(b.resident)}>
                  {t('service.measure')}
                  <span className="linli-visually-hidden"> {b.resident.name}</span>
                </Button>
              ) : null}
              {canBook && !over && b.served === null ? (
                <Button size="large" danger onClick={() => cancel.mutate(b.id)}>
                  {t('service.cancelBooking')}
                  <span className="linli-visually-hidden"> {b.resident.name}</span>
                </Button>
              ) : null}
            </Flex>
          </li>
        ))}
      </ul>
      {canBook && !over ? <BookResident session={session} /> : null}
      {measuring ? (
        <ReadingModal sessionId={session.id} resident={measuring} onClose={() => setMeasuring(null)} />
      ) : null}
    </section>
  );
}

/** Search the register as on the register page, then book with one tap. */
function BookResident({ session }: { session: TSession }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [homeVisit, setHomeVisit] = useState(session.place.kind === 'home');
  const book = useBookResident(session.id);
  const search = useResidentSearch({ q: q.trim(), limit: 10 }, q.trim().length > 0);
  const booked = new Set(session.bookings.map((b) => b.resident.residentId));
  const full = session.booked >= session.capacity;

  return (
    <div className="linli-subform" style={{ marginTop: 16 }}>
      <h3 className="linli-subheading">{t('service.bookHeading')}</h3>
      {full ? <Typography.Paragraph>{t('service.full')}</Typography.Paragraph> : null}
      {book.isError ? <ErrorAlert error={book.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.searchResident')} htmlFor="book-search" style={{ marginBottom: 8 }}>
          <Input id="book-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </Form.Item>
      </Form>
      <Checkbox
        checked={homeVisit}
        onChange={(e) => setHomeVisit(e.target.checked)}
        style={{ marginBottom: 8 }}
      >
        {t('service.homeVisitHint')}
      </Checkbox>
      <ul className="linli-list" data-testid="book-hits">
        {(search.data?.items ?? []).map((hit) => (
          <li key={hit.residentId} className="linli-list-item" data-testid="book-hit">
            <span style={{ flex: '1 1 180px' }}>
              <strong style={{ fontSize: 20 }}>{hit.name}</strong> · {hit.address.label}
              {hit.age !== null ? ` · ${t('service.age', { age: hit.age })}` : ''}
            </span>
            {booked.has(hit.residentId) ? (
              <span>{t('service.alreadyBooked')}</span>
            ) : (
              <Button
                type="primary"
                size="large"
                disabled={full}
                loading={book.isPending && book.variables?.residentId === hit.residentId}
                onClick={() => book.mutate({ residentId: hit.residentId, homeVisit })}
              >
                {t('service.book')}
                <span className="linli-visually-hidden"> {hit.name}</span>
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
