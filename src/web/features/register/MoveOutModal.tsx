import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TMoveOut, ZMoveOut } from '../../../shared/contracts/register';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { todayIso } from '../../lib/dates';

/** Asks for the date and the reason before a resident or a whole household leaves the register. */
export function MoveOutModal({
  open,
  title,
  onCancel,
  onConfirm,
  pending,
  error,
}: {
  open: boolean;
  title: string;
  onCancel: () => void;
  onConfirm: (body: TMoveOut) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ date?: string; reason?: string }>({});

  useEffect(() => {
    if (open) {
      setDate(todayIso());
      setReason('');
      setErrors({});
    }
  }, [open]);

  const submit = () => {
    const parsed = ZMoveOut.safeParse({ date, reason });
    if (!parsed.success) {
      const next: { date?: string; reason?: string } = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'date') next.date = t('residentForm.dateInvalid');
        if (issue.path[0] === 'reason')
          next.reason =
            issue.code === 'too_big' ? t('residentForm.tooLong') : t('householdEdit.reasonRequired');
      }
      setErrors(next);
      return;
    }
    onConfirm(parsed.data);
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={submit}
      okText={t('householdEdit.moveOutConfirm')}
      cancelText={t('householdEdit.cancel')}
      okButtonProps={{ danger: true, size: 'large', loading: pending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Form layout="vertical" requiredMark={false} onFinish={submit} component="div">
        <Form.Item
          label={t('householdEdit.date')}
          htmlFor="move-out-date"
          {...(errors.date ? { validateStatus: 'error' as const, help: errors.date } : {})}
        >
          <DateField id="move-out-date" value={date} onChange={setDate} />
        </Form.Item>
        <Form.Item
          label={t('householdEdit.reason')}
          htmlFor="move-out-reason"
          {...(errors.reason ? { validateStatus: 'error' as const, help: errors.reason } : {})}
        >
          <Input.TextArea
            id="move-out-reason"
            value={reason}
            placeholder={t('householdEdit.reasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
