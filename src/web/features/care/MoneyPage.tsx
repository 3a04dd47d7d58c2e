import { Button, Flex, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import type { TLedger, TMoneyEntry } from '../../../shared/contracts/careKeysMoney';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { DateField } from '../../components/DateField';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { MonthInput } from '../../components/MonthInput';
import { isApiError } from '../../lib/api';
import { shortDate, todayIso } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { canManageCare } from '../../lib/roles';
import { useAddMoneyEntry, useAttachReceipt, useCorrectMoneyEntry, useLedger, useOpenLedger } from './api';

/** Yuan typed by a person → fen, whole numbers only. */
function toFen(value: number | null): number {
  return value === null ? 0 : Math.round(value * 100);
}

/** Money handled on a resident's behalf: entries, balance, corrections as new entries, the statement. */
export function MoneyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const ledger = useLedger(id);
  return (
    <>
      <BackLink to={ledger.data ? `/households/${ledger.data.resident.householdId}` : '/'}>
        {t('app.back')}
      </BackLink>
      {ledger.isPending ? (
        <Loading />
      ) : ledger.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('care.moneyLink')}</h1>
          {isApiError(ledger.error) && ledger.error.status === 404 ? (
            <>
              <Typography.Paragraph>{t('care.moneyNone')}</Typography.Paragraph>
              <OpenLedger residentId={id} />
            </>
          ) : (
            <ErrorAlert error={ledger.error} onRetry={() => void ledger.refetch()} />
          )}
        </>
      ) : (
        <Ledger residentId={id} ledger={ledger.data} />
      )}
    </>
  );
}

function Ledger({ residentId, ledger }: { residentId: string; ledger: TLedger }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [correcting, setCorrecting] = useState<TMoneyEntry | null>(null);
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const entries = [...ledger.entries].reverse();

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }}>
        {t('care.moneyHeading', { name: ledger.resident.name })}
      </Typography.Title>
      <Typography.Paragraph>
        {ledger.resident.address.label} · {t('care.handler', { name: ledger.handler.name })}
      </Typography.Paragraph>
      <div className="linli-stat-label">{t('care.balance')}</div>
      <div className="linli-stat-value" data-testid="money-balance" style={{ marginBottom: 16 }}>
        {yuan(ledger.balanceFen)}
      </div>
      <Flex gap={12} wrap align="end" style={{ marginBottom: 16 }}>
        <Button type="primary" size="large" onClick={() => setAdding(true)}>
          <span aria-hidden="true">＋&nbsp;</span>
          {t('care.addEntry')}
        </Button>
        <Form layout="vertical" component="div">
          <Form.Item label={t('care.statementMonth')} htmlFor="statement-month" style={{ marginBottom: 0 }}>
            <MonthInput id="statement-month" value={month} onChange={setMonth} />
          </Form.Item>
        </Form>
        <DownloadButton
          path={`/api/v1/care/residents/${encodeURIComponent(residentId)}/money/statement.pdf?month=${month}`}
          fileName={`statement-${month}.pdf`}
          testId="money-statement"
        >
          {t('care.statement')}
        </DownloadButton>
      </Flex>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.moneyLink')}
      </Typography.Title>
      <ul className="linli-list" aria-labelledby={headingId} data-testid="money-entries">
        {entries.map((entry) => (
          <li key={entry.id} className="linli-list-item" data-testid="money-entry">
            <span style={{ flex: '1 1 220px' }}>
              <strong style={{ fontSize: 20 }}>
                {t(`care.entryKinds.${entry.kind}`)} {yuan(entry.signedFen)}
              </strong>{' '}
              · {entry.purpose}
              {entry.counterparty ? ` · ${entry.counterparty}` : ''}
              <br />
              {t('care.entryLine', {
                number: entry.number,
                date: shortDate(entry.occurredOn),
                who: entry.recordedBy,
              })}
              {entry.correctsNumber !== null
                ? ` · ${t('care.corrects', { number: entry.correctsNumber })}`
                : ''}
              {entry.correctedBy.length > 0
                ? ` · ${t('care.correctedBy', { numbers: entry.correctedBy.join('、') })}`
                : ''}
              <br />
              {t('care.balance')}：{yuan(entry.balanceFen)}
              {entry.receipts.length > 0 ? (
                <>
                  <br />
                  {t('care.receiptCount', { count: entry.receipts.length })}
                  {entry.receipts.map((receipt, index) => (
                    <a
                      key={receipt.id}
                      className="linli-strong-link"
                      style={{ marginInlineStart: 8 }}
                      href={`/api/v1/care/money/entries/${encodeURIComponent(entry.id)}/receipts/${encodeURIComponent(receipt.id)}`}
                      target="_blank"
                      rel="noreferrer"
                    >
                      {t('care.receiptView', { n: index + 1 })}
                    </a>
                  ))}
                </>
              ) : null}
            </span>
            <Flex gap={8} wrap>
              {entry.kind === 'correction' ? null : (
                <Button size="large" onClick={() => setCorrecting(entry)}>
                  {t('care.correct')}
                  <span className="linli-visually-hidden"> {entry.number}</span>
                </Button>
              )}
              <ReceiptButton entry={entry} />
            </Flex>
          </li>
        ))}
      </ul>
      {adding ? <AddEntryModal residentId={residentId} onClose={() => setAdding(false)} /> : null}
      {correcting ? <CorrectModal entry={correcting} onClose={() => setCorrecting(null)} /> : null}
    </>
  );
}

/** Attaches a photo of the receipt to an entry (JPEG, PNG or WebP; the phone's camera opens). */
function ReceiptButton({ entry }: { entry: TMoneyEntry }) {
  const { t } = useTranslation();
  const attach = useAttachReceipt();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        capture="environment"
        className="linli-visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="receipt-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) attach.mutate({ entryId: entry.id, file });
        }}
      />
      <Button size="large" loading={attach.isPending} onClick={() => input.current?.click()}>
        {t('care.receiptAttach')}
        <span className="linli-visually-hidden"> {entry.number}</span>
      </Button>
      {attach.isError ? (
        <ErrorAlert error={attach.error} style={{ width: '100%' }} />
      ) : attach.isSuccess ? (
        <span role="status">{t('care.receiptSaved')}</span>
      ) : null}
    </>
  );
}

function AddEntryModal({ residentId, onClose }: { residentId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useAddMoneyEntry(residentId);
  const kindId = useId();
  const [kind, setKind] = useState<'received' | 'spent'>('spent');
  const [amount, setAmount] = useState<number | null>(null);
  const [counterparty, setCounterparty] = useState('');
  const [purpose, setPurpose] = useState('');
  const [date, setDate] = useState(todayIso());
  const valid = toFen(amount) > 0 && counterparty.trim() !== '' && purpose.trim() !== '';
  return (
    <Modal
      open
      title={t('care.addEntry')}
      onCancel={onClose}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: add.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        add.mutate(
          {
            kind,
            amountFen: toFen(amount),
            occurredOn: date,
            counterparty: counterparty.trim(),
            purpose: purpose.trim(),
          },
          { onSuccess: onClose },
        )
      }
    >
      {add.isError ? <ErrorAlert error={add.error} style={{ marginBottom: 12 }} /> : null}
      <div id={kindId} className="linli-stat-label">
        {t('care.entryKind')}
      </div>
      <Radio.Group
        aria-labelledby={kindId}
        className="linli-choice-grid"
        optionType="button"
        value={kind}
        onChange={(e) => setKind(e.target.value as 'received' | 'spent')}
        options={(['received', 'spent'] as const).map((value) => ({
          value,
          label: t(`care.entryKinds.${value}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.amount')} htmlFor="money-amount">
          <InputNumber
            id="money-amount"
            size="large"
            min={0.01}
            step={0.01}
            value={amount}
            onChange={setAmount}
          />
        </Form.Item>
        <Form.Item label={t('care.counterparty')} htmlFor="money-counterparty">
          <Input
            id="money-counterparty"
            value={counterparty}
            maxLength={100}
            onChange={(e) => setCounterparty(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.purpose')} htmlFor="money-purpose">
          <Input
            id="money-purpose"
            value={purpose}
            maxLength={200}
            onChange={(e) => setPurpose(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.visitWhen')} htmlFor="money-date">
          <DateField id="money-date" value={date} onChange={setDate} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CorrectModal({ entry, onClose }: { entry: TMoneyEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const correct = useCorrectMoneyEntry();
  const [amount, setAmount] = useState<number | null>(Math.abs(entry.effectiveFen) / 100);
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={t('care.correctTitle', { number: entry.number })}
      onCancel={onClose}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{
        size: 'large',
        disabled: amount === null || !reason.trim(),
        loading: correct.isPending,
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        correct.mutate(
          { entryId: entry.id, correctAmountFen: toFen(amount), reason: reason.trim() },
          { onSuccess: onClose },
        )
      }
    >
      {correct.isError ? <ErrorAlert error={correct.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>{t('care.correctHint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.correctAmount')} htmlFor="correct-amount">
          <InputNumber
            id="correct-amount"
            size="large"
            min={0}
            step={0.01}
            value={amount}
            onChange={setAmount}
          />
        </Form.Item>
        <Form.Item label={t('care.correctReason')} htmlFor="correct-reason">
          <Input
            id="correct-reason"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** No ledger yet: a worker or the committee opens one, naming who handles the money. */
function OpenLedger({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const open = useOpenLedger(residentId);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  if (!canManageCare(session.user.role)) return null;
  return (
    <div className="linli-subform">
      {open.isError ? <ErrorAlert error={open.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.moneyHandlerName')} htmlFor="money-handler">
          <Input id="money-handler" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('care.moneyHandlerPhone')} htmlFor="money-handler-phone">
          <Input
            id="money-handler-phone"
            type="tel"
            value={phone}
            maxLength={30}
            onChange={(e) => setPhone(e.target.value)}
          />
        </Form.Item>
      </Form>
      <Button
        type="primary"
        size="large"
        disabled={!name.trim()}
        loading={open.isPending}
        onClick={() => open.mutate({ name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) })}
      >
        {t('care.moneyOpen')}
      </Button>
    </div>
  );
}
