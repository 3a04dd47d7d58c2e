import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHECKIN_OUTCOMES,
  CHECKIN_WAYS,
  type CheckinOutcome,
  type CheckinWay,
} from '../../../shared/contracts/care';
import {
  type CareLabel,
  dismissRefused,
  type SendOutcome,
  submitCheckin,
  submitCheckinOutcome,
} from '../../lib/outbox';

export interface CheckinTarget {
  planId: string;
  residentName: string;
  ways?: readonly CheckinWay[] | undefined;
  /** For the waiting list on the phone: where the resident lives. */
  place?: string | undefined;
  householdId?: string | undefined;
}

function labelOf(target: CheckinTarget): CareLabel {
  return {
    residentName: target.residentName,
    place: target.place ?? '',
    planId: target.planId,
    householdId: target.householdId ?? null,
  };
}

/**
 * Sends through the phone's outbox, so an entry made with no signal waits there and lands once. A
 * refusal stays in the dialog, which still holds what was entered: the outbox need not keep a copy.
 */
function useOutboxSend() {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const send = async (
    submit: () => Promise<SendOutcome<unknown> & { key: string }>,
    done: (outcome: 'sent' | 'waiting') => void,
  ) => {
    setSaving(true);
    setRefusal(null);
    try {
      const outcome = await submit();
      if (outcome.status === 'refused') {
        dismissRefused(outcome.key);
        setRefusal(outcome.message || t('errors.unknown'));
      } else done(outcome.status);
    } finally {
      setSaving(false);
    }
  };
  return { saving, refusal, send, reset: () => setRefusal(null) };
}

/** "Checked in": how the building leader knows the resident is well, in one tap, then confirm. */
export function CheckinModal({
  target,
  onClose,
}: {
  target: CheckinTarget | null;
  onClose: (saved: string | null) => void;
}) {
  const { t } = useTranslation();
  const record = useOutboxSend();
  const [way, setWay] = useState<CheckinWay | undefined>();
  const [note, setNote] = useState('');
  const legendId = useId();
  const ways = target?.ways && target.ways.length > 0 ? target.ways : CHECKIN_WAYS;
  const chosen = way && ways.includes(way) ? way : ways.length === 1 ? ways[0] : undefined;

  return (
    <Modal
      open={target !== null}
      title={t('plain.checkinDialog', { name: target?.residentName ?? '' })}
      onCancel={() => onClose(null)}
      okText={t('care.checkinSave')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !chosen, loading: record.saving }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      afterClose={() => {
        setWay(undefined);
        setNote('');
        record.reset();
      }}
      onOk={() => {
        if (!target || !chosen) return;
        const name = target.residentName;
        // Noted now: if the phone has no signal the check-in still counts for this moment.
        const at = new Date().toISOString();
        void record.send(
          () =>
            submitCheckin(
              { way: chosen, at, ...(note.trim() ? { note: note.trim() } : {}) },
              labelOf(target),
            ),
          (outcome) => onClose(t(outcome === 'sent' ? 'care.checkinSaved' : 'care.checkinWaiting', { name })),
        );
      }}
    >
      {record.refusal ? (
        <Alert type="error" showIcon role="alert" title={record.refusal} style={{ marginBottom: 12 }} />
      ) : null}
      <fieldset className="linli-fieldset">
        <legend id={legendId} className="linli-subheading">
          {t('plain.checkinHow')}
        </legend>
        <Radio.Group
          aria-labelledby={legendId}
          className="linli-choice-grid"
          optionType="button"
          value={chosen}
          onChange={(e) => setWay(e.target.value as CheckinWay)}
          options={ways.map((value) => ({ value, label: t(`care.ways.${value}`) }))}
          data-testid="checkin-ways"
        />
      </fieldset>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.note')} htmlFor="checkin-note">
          <Input id="checkin-note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The outcome of a missed check-in, with its reason: "the phone was dead" is not "nobody answered". */
export function OutcomeModal({
  target,
  onClose,
}: {
  target: CheckinTarget | null;
  onClose: (saved: string | null) => void;
}) {
  const { t } = useTranslation();
  const record = useOutboxSend();
  const [outcome, setOutcome] = useState<CheckinOutcome | undefined>();
  const [note, setNote] = useState('');
  const legendId = useId();

  return (
    <Modal
      open={target !== null}
      title={t('plain.outcomeDialog', { name: target?.residentName ?? '' })}
      onCancel={() => onClose(null)}
      okText={t('care.outcomeSave')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !outcome, loading: record.saving }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      afterClose={() => {
        setOutcome(undefined);
        setNote('');
        record.reset();
      }}
      onOk={() => {
        if (!target || !outcome) return;
        const name = target.residentName;
        void record.send(
          () =>
            submitCheckinOutcome({ outcome, ...(note.trim() ? { note: note.trim() } : {}) }, labelOf(target)),
          (sent) => onClose(t(sent === 'sent' ? 'care.outcomeSaved' : 'care.outcomeWaiting', { name })),
        );
      }}
    >
      {record.refusal ? (
        <Alert type="error" showIcon role="alert" title={record.refusal} style={{ marginBottom: 12 }} />
      ) : null}
      <fieldset className="linli-fieldset">
        <legend id={legendId} className="linli-subheading">
          {t('plain.outcomeWhat')}
        </legend>
        <Radio.Group
          aria-labelledby={legendId}
          className="linli-choice-list"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as CheckinOutcome)}
          options={CHECKIN_OUTCOMES.map((value) => ({ value, label: t(`care.outcomes.${value}`) }))}
        />
      </fieldset>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.note')} htmlFor="outcome-note">
          <Input.TextArea
            id="outcome-note"
            value={note}
            maxLength={2000}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
