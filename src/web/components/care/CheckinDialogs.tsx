import { Alert, Form, Input, Modal, Radio } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECKIN_OUTCOMES, CHECKIN_WAYS, type CheckinWay } from '../../../shared/contracts/care';
import { useRecordCheckin, useRecordOutcome } from '../../api/care';
import { useErrorText } from '../ErrorAlert';

export interface CheckinTarget {
  planId: string;
  residentName: string;
  ways?: readonly CheckinWay[] | undefined;
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
  const errorText = useErrorText();
  const record = useRecordCheckin();
  const [way, setWay] = useState<CheckinWay | undefined>();
  const [note, setNote] = useState('');
  const legendId = useId();
  const ways = target?.ways && target.ways.length > 0 ? target.ways : CHECKIN_WAYS;
  const chosen = way && ways.includes(way) ? way : ways.length === 1 ? ways[0] : undefined;

  return (
    <Modal
      open={target !== null}
      title={t('care.checkinTitle', { name: target?.residentName ?? '' })}
      onCancel={() => onClose(null)}
      okText={t('care.checkinSave')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !chosen, loading: record.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      afterClose={() => {
        setWay(undefined);
        setNote('');
        record.reset();
      }}
      onOk={() => {
        if (!target || !chosen) return;
        record.mutate(
          { planId: target.planId, way: chosen, ...(note.trim() ? { note: note.trim() } : {}) },
          { onSuccess: () => onClose(t('care.checkinSaved', { name: target.residentName })) },
        );
      }}
    >
      {record.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(record.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <fieldset className="linli-fieldset">
        <legend id={legendId} className="linli-subheading">
          {t('care.checkinTitle', { name: target?.residentName ?? '' })}
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
  const errorText = useErrorText();
  const record = useRecordOutcome();
  const [outcome, setOutcome] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const legendId = useId();

  return (
    <Modal
      open={target !== null}
      title={t('care.outcomeTitle', { name: target?.residentName ?? '' })}
      onCancel={() => onClose(null)}
      okText={t('care.outcomeSave')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !outcome, loading: record.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      afterClose={() => {
        setOutcome(undefined);
        setNote('');
        record.reset();
      }}
      onOk={() => {
        if (!target || !outcome) return;
        record.mutate(
          { planId: target.planId, outcome, ...(note.trim() ? { note: note.trim() } : {}) },
          { onSuccess: () => onClose(t('care.outcomeSaved', { name: target.residentName })) },
        );
      }}
    >
      {record.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(record.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <fieldset className="linli-fieldset">
        <legend id={legendId} className="linli-subheading">
          {t('care.outcomeTitle', { name: target?.residentName ?? '' })}
        </legend>
        <Radio.Group
          aria-labelledby={legendId}
          className="linli-choice-list"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as string)}
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
