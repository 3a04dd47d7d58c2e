import { Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDecision } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useProposeGrant } from './api';

type Hardship = 'illness' | 'accident' | 'disaster';

function isHardship(value: string | null): value is Hardship {
  return value === 'illness' || value === 'accident' || value === 'disaster';
}

/**
 * When no policy fits a household in crisis: emergency aid, paid first; the server decides whether the
 * amount takes the fast path and when the papers fall due.
 */
export function EmergencyAidModal({
  decision,
  onClose,
}: {
  decision: TDecision;
  onClose: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const grant = useProposeGrant();
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const hardship = isHardship(decision.hardship) ? decision.hardship : 'illness';
  const fen = amount === null ? 0 : Math.round(amount * 100);

  return (
    <Modal
      open
      title={t('welfare.aidTitle')}
      onCancel={() => onClose(null)}
      okText={t('welfare.aidGrant')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: fen < 1 || !reason.trim(), loading: grant.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        grant.mutate(
          {
            householdId: decision.household.householdId,
            decisionId: decision.id,
            hardship,
            amountFen: fen,
            reason,
          },
          {
            onSuccess: (g) =>
              onClose(
                g.papersDueOn
                  ? t('welfare.aidFastPath', { amount: yuan(g.amountFen), due: shortDate(g.papersDueOn) })
                  : t('welfare.aidRecorded', { amount: yuan(g.amountFen) }),
              ),
          },
        )
      }
    >
      {grant.isError ? <ErrorAlert error={grant.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>
        {t('welfare.aidIntro', { hardship: t(`welfare.hardships.${hardship}`) })}
      </Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.aidAmount')} htmlFor="aid-amount">
          <InputNumber
            id="aid-amount"
            size="large"
            min={0}
            inputMode="decimal"
            value={amount}
            onChange={setAmount}
            style={{ width: '100%', maxWidth: 240 }}
          />
        </Form.Item>
        <Form.Item label={t('welfare.aidReason')} htmlFor="aid-reason">
          <Input.TextArea
            id="aid-reason"
            value={reason}
            maxLength={2000}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
