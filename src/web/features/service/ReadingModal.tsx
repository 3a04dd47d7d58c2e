import { Alert, Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TConsentStatus, ZReading } from '../../../shared/contracts/service';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { isApiError } from '../../lib/api';
import { dateTime, shortDate } from '../../lib/dates';
import {
  useConsentStatus,
  useRecordConsent,
  useRecordReading,
  useResidentReadings,
  useWithdrawConsent,
} from './api';
import { beijingToday } from './ServiceBits';

/**
 * A blood-pressure reading for a booked resident. The dialog first asks whether consent is in force and,
 * without it, asks for the consent before any reading (the server's refusal stays the last word, for a
 * consent withdrawn meanwhile); a high reading says where it went (the care plan, or nowhere yet).
 */
export function ReadingModal({
  sessionId,
  resident,
  onClose,
}: {
  sessionId: string;
  resident: { residentId: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordReading(sessionId);
  const [systolic, setSystolic] = useState<number | null>(null);
  const [diastolic, setDiastolic] = useState<number | null>(null);
  const [pulse, setPulse] = useState<number | null>(null);
  const [history, setHistory] = useState(false);
  const consent = useConsentStatus(resident.residentId);
  const refused = isApiError(record.error) && record.error.code === 'service.consent_required';
  const needsConsent = refused || (consent.isSuccess && !consent.data.inForce);

  return (
    <Modal
      open
      title={t('service.readingTitle', { name: resident.name })}
      onCancel={onClose}
      okText={t('service.saveReading')}
      cancelText={t('service.done')}
      okButtonProps={{
        size: 'large',
        disabled:
          systolic === null || diastolic === null || record.isSuccess || !consent.isSuccess || needsConsent,
        loading: record.isPending,
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        record.mutate({
          residentId: resident.residentId,
          systolic: systolic ?? 0,
          diastolic: diastolic ?? 0,
          ...(pulse !== null ? { pulse } : {}),
        })
      }
    >
      {consent.isPending ? <Loading /> : null}
      {consent.isError ? <ErrorAlert error={consent.error} onRetry={() => void consent.refetch()} /> : null}
      {consent.isSuccess ? <ConsentLine status={consent.data} /> : null}
      {record.isError && !refused ? <ErrorAlert error={record.error} style={{ marginBottom: 12 }} /> : null}
      {needsConsent ? <ConsentForm residentId={resident.residentId} onDone={() => record.reset()} /> : null}
      {record.isSuccess ? <ReadingResult reading={record.data} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.systolic')} htmlFor="reading-systolic">
          <InputNumber
            id="reading-systolic"
            size="large"
            min={50}
            max={300}
            value={systolic}
            onChange={setSystolic}
          />
        </Form.Item>
        <Form.Item label={t('service.diastolic')} htmlFor="reading-diastolic">
          <InputNumber
            id="reading-diastolic"
            size="large"
            min={30}
            max={200}
            value={diastolic}
            onChange={setDiastolic}
          />
        </Form.Item>
        <Form.Item label={t('service.pulse')} htmlFor="reading-pulse">
          <InputNumber id="reading-pulse" size="large" min={20} max={250} value={pulse} onChange={setPulse} />
        </Form.Item>
      </Form>
      <Button size="large" aria-expanded={history} onClick={() => setHistory((h) => !h)}>
        {history ? t('service.hideHistory') : t('service.showHistory')}
      </Button>
      {history ? <ReadingHistory residentId={resident.residentId} /> : null}
    </Modal>
  );
}

function ConsentLine({ status }: { status: TConsentStatus }) {
  const { t } = useTranslation();
  if (!status.consent) return null;
  return (
    <Typography.Paragraph role="status" data-testid="consent-status">
      {status.inForce
        ? t('service.consentInForce', {
            date: shortDate(status.consent.date),
            witness: status.consent.witness,
          })
        : t('service.consentWithdrawnOn', {
            date: status.consent.withdrawnOn ? shortDate(status.consent.withdrawnOn) : '',
          })}
    </Typography.Paragraph>
  );
}

function ReadingResult({ reading }: { reading: z.infer<typeof ZReading> }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={reading.flagged ? 'warning' : 'success'}
      showIcon
      role="status"
      data-testid="reading-result"
      title={
        reading.flagged
          ? reading.noCarePlan
            ? t('service.flaggedNoPlan', { s: reading.systolic, d: reading.diastolic })
            : t('service.flaggedFollowUp', { s: reading.systolic, d: reading.diastolic })
          : t('service.readingSaved', { s: reading.systolic, d: reading.diastolic })
      }
      style={{ marginBottom: 12 }}
    />
  );
}

/** The resident's consent, recorded once with who witnessed it. */
function ConsentForm({ residentId, onDone }: { residentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const consent = useRecordConsent(residentId);
  const [witness, setWitness] = useState('');
  const [date, setDate] = useState(beijingToday());
  return (
    <div className="linli-subform" style={{ marginBottom: 12 }} data-testid="consent-form">
      <Typography.Paragraph>{t('service.consentNeeded')}</Typography.Paragraph>
      {consent.isError ? <ErrorAlert error={consent.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.consentDate')} htmlFor="consent-date">
          <DateField id="consent-date" value={date} onChange={setDate} />
        </Form.Item>
        <Form.Item label={t('service.consentWitness')} htmlFor="consent-witness">
          <Input
            id="consent-witness"
            value={witness}
            maxLength={40}
            onChange={(e) => setWitness(e.target.value)}
          />
        </Form.Item>
      </Form>
      <Button
        type="primary"
        size="large"
        disabled={!witness.trim()}
        loading={consent.isPending}
        onClick={() => consent.mutate({ date, witness: witness.trim() }, { onSuccess: onDone })}
      >
        {t('service.recordConsent')}
      </Button>
    </div>
  );
}

/** Earlier readings (an audited read) and the way to withdraw consent. */
function ReadingHistory({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const readings = useResidentReadings(residentId, true);
  const withdraw = useWithdrawConsent(residentId);
  if (readings.isPending) return <Loading />;
  return (
    <div style={{ marginTop: 12 }}>
      {readings.isError ? (
        <ErrorAlert error={readings.error} />
      ) : readings.data.items.length === 0 ? (
        <Typography.Paragraph>{t('service.noReadings')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" data-testid="reading-history">
          {readings.data.items.map((r) => (
            <li key={r.id} className="linli-list-item">
              <span>{dateTime(r.takenAt)}</span>
              <strong>
                {r.systolic}/{r.diastolic}
                {r.pulse !== null ? ` · ${t('service.pulseValue', { pulse: r.pulse })}` : ''}
                {r.flagged ? ` · ${t('service.high')}` : ''}
              </strong>
            </li>
          ))}
        </ul>
      )}
      {withdraw.isError ? <ErrorAlert error={withdraw.error} style={{ marginTop: 12 }} /> : null}
      {withdraw.isSuccess ? (
        <Typography.Paragraph role="status">{t('service.consentWithdrawn')}</Typography.Paragraph>
      ) : (
        <Button
          size="large"
          danger
          loading={withdraw.isPending}
          onClick={() => withdraw.mutate()}
          style={{ marginTop: 12 }}
        >
          {t('service.withdrawConsent')}
        </Button>
      )}
    </div>
  );
}
