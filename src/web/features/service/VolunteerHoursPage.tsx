import { Button, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { THours } from '../../../shared/contracts/service';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime, shortDate } from '../../lib/dates';
import { useCorrectHours, useVolunteerHours } from './api';
import { HoursByMonth } from './HoursByMonth';
import { beijingToday, hoursText } from './ServiceBits';

type Entry = THours['entries'][number];

/** An entry as first recorded, with the corrections made to it since and the minutes it now counts. */
interface LedgerLine {
  entry: Entry;
  corrections: Entry[];
  nowMinutes: number;
}

/**
 * Puts each correction beside the entry it corrects: the ledger is append-only, so a correction is a
 * new entry carrying the difference, never an edit. A correction whose original is not in this year's
 * list (it should not happen: both carry the same day) is shown as a line of its own.
 */
function ledgerLines(entries: readonly Entry[]): LedgerLine[] {
  const originals = new Set(entries.filter((e) => e.correctsId === null).map((e) => e.id));
  return entries
    .filter((e) => e.correctsId === null || !originals.has(e.correctsId))
    .map((entry) => {
      const corrections = entries.filter((c) => c.correctsId === entry.id);
      return {
        entry,
        corrections,
        nowMinutes: entry.minutes + corrections.reduce((sum, c) => sum + c.minutes, 0),
      };
    });
}

/** One volunteer's hours for the station's staff: the year's total, by month, and the ledger to correct. */
export function VolunteerHoursPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const hours = useVolunteerHours(id, year);

  return (
    <>
      <BackLink to="/service/volunteers">{t('service.allVolunteers')}</BackLink>
      {hours.isPending ? (
        <Loading />
      ) : hours.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('service.allVolunteers')}</h1>
          <ErrorAlert error={hours.error} onRetry={() => void hours.refetch()} />
        </>
      ) : (
        <>
          <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }} data-testid="volunteer-heading">
            {hours.data.volunteer.name}
          </Typography.Title>
          {hours.data.volunteer.phone ? (
            <Typography.Paragraph style={{ fontSize: 20 }}>
              <a href={`tel:${hours.data.volunteer.phone}`} className="linli-tel">
                {hours.data.volunteer.phone}
              </a>
            </Typography.Paragraph>
          ) : null}
          <Form layout="vertical" component="div">
            <Form.Item label={t('service.whichYear')} htmlFor="hours-year" style={{ marginBottom: 16 }}>
              <select
                id="hours-year"
                className="linli-input"
                value={year}
                onChange={(e) => setYear(Number(e.target.value))}
                style={{ minHeight: 48, fontSize: 18, width: '100%' }}
              >
                {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </Form.Item>
          </Form>
          <Totals hours={hours.data} />
          <Ledger hours={hours.data} />
        </>
      )}
    </>
  );
}

function Totals({ hours }: { hours: THours }) {
  const { t } = useTranslation();
  return (
    <section style={{ marginBottom: 24 }} aria-labelledby="volunteer-total-label">
      <div id="volunteer-total-label" className="linli-stat-label">
        {t('service.hoursInYear', { year: hours.year })}
      </div>
      <div className="linli-stat-value" data-testid="volunteer-hours-total" data-minutes={hours.totalMinutes}>
        {hoursText(hours.totalMinutes, t)}
      </div>
      <HoursByMonth hours={hours} testId="volunteer-hours-months" />
    </section>
  );
}

function Ledger({ hours }: { hours: THours }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [correcting, setCorrecting] = useState<LedgerLine | null>(null);
  const lines = ledgerLines(hours.entries);

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.ledgerHeading')}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('service.ledgerHint')}</Typography.Paragraph>
      {lines.length === 0 ? <Typography.Paragraph>{t('service.noHoursYet')}</Typography.Paragraph> : null}
      <ul className="linli-list" aria-labelledby={headingId} data-testid="hours-ledger">
        {lines.map((line) => (
          <li
            key={line.entry.id}
            className="linli-list-item"
            data-testid="hours-entry"
            data-entry-id={line.entry.id}
          >
            <span style={{ flex: '1 1 220px' }}>
              <strong style={{ fontSize: 20 }}>
                {shortDate(line.entry.workedOn)} · {line.entry.service ?? t('service.noSession')}
              </strong>
              <br />
              {line.entry.correctsId
                ? t('service.correctionLine', {
                    change: hoursText(line.entry.minutes, t),
                    reason: line.entry.reason ?? '',
                  })
                : t('service.recordedHours', { hours: hoursText(line.entry.minutes, t) })}
              {line.corrections.length > 0 ? (
                <>
                  <ul style={{ margin: '4px 0', paddingLeft: 20 }}>
                    {line.corrections.map((c) => (
                      <li key={c.id} data-testid="hours-correction">
                        {t('service.correctionLine', {
                          change: `${c.minutes > 0 ? '+' : ''}${hoursText(c.minutes, t)}`,
                          reason: c.reason ?? '',
                        })}{' '}
                        · {dateTime(c.recordedAt)}
                      </li>
                    ))}
                  </ul>
                  <strong data-testid="hours-entry-now">
                    {t('service.nowCounts', { hours: hoursText(line.nowMinutes, t) })}
                  </strong>
                </>
              ) : null}
            </span>
            {line.entry.correctsId === null ? (
              <Button size="large" onClick={() => setCorrecting(line)}>
                {t('service.correct')}
                <span className="linli-visually-hidden">
                  {' '}
                  {shortDate(line.entry.workedOn)} {line.entry.service ?? ''}
                </span>
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {correcting ? <CorrectionModal line={correcting} onClose={() => setCorrecting(null)} /> : null}
    </section>
  );
}

/** The hours an entry should have had, and why; the server records the difference as a new entry. */
function CorrectionModal({ line, onClose }: { line: LedgerLine; onClose: () => void }) {
  const { t } = useTranslation();
  const correct = useCorrectHours();
  const [hours, setHours] = useState<number | null>(Math.floor(line.nowMinutes / 60));
  const [minutes, setMinutes] = useState<number | null>(line.nowMinutes % 60);
  const [reason, setReason] = useState('');
  const total = (hours ?? 0) * 60 + (minutes ?? 0);
  const valid =
    hours !== null &&
    minutes !== null &&
    total <= 24 * 60 &&
    total !== line.nowMinutes &&
    reason.trim() !== '';

  return (
    <Modal
      open
      title={t('service.correctTitle', { date: shortDate(line.entry.workedOn) })}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: correct.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        correct.mutate(
          { entryId: line.entry.id, minutes: total, reason: reason.trim() },
          { onSuccess: onClose },
        )
      }
    >
      {correct.isError ? <ErrorAlert error={correct.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph style={{ fontSize: 18 }}>
        {t('service.nowCounts', { hours: hoursText(line.nowMinutes, t) })}
        <br />
        {t('service.correctHint')}
      </Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Flex gap={12} wrap>
          <Form.Item label={t('service.correctHours')} htmlFor="correct-hours" style={{ flex: '1 1 120px' }}>
            <InputNumber
              id="correct-hours"
              size="large"
              min={0}
              max={24}
              step={1}
              precision={0}
              value={hours}
              onChange={setHours}
            />
          </Form.Item>
          <Form.Item
            label={t('service.correctMinutes')}
            htmlFor="correct-minutes"
            style={{ flex: '1 1 120px' }}
          >
            <InputNumber
              id="correct-minutes"
              size="large"
              min={0}
              max={59}
              step={5}
              precision={0}
              value={minutes}
              onChange={setMinutes}
            />
          </Form.Item>
        </Flex>
        <Form.Item label={t('service.correctReason')} htmlFor="correct-reason">
          <Input.TextArea
            id="correct-reason"
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
