import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TDecision } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useProposeGrant } from './api';

const HARDSHIPS = ['illness', 'accident', 'disaster'] as const;
type Hardship = (typeof HARDSHIPS)[number];

function isHardship(value: string | null | undefined): value is Hardship {
  return value === 'illness' || value === 'accident' || value === 'disaster';
}

/**
 * When no policy fits a household in crisis: emergency aid, paid first; the server decides whether the
 * amount takes the fast path and when the papers fall due. Above the caller's limit the aid is not
 * refused but waits for the next role up, and the message says who (issue 20). Opened from a decision
 * that proposes aid, or directly (the subdistrict, which does not evaluate, applies this way).
 */
export function EmergencyAidModal({
  householdId,
  decision,
  onClose,
}: {
  householdId: string;
  decision?: TDecision;
  onClose: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const grant = useProposeGrant();
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<Hardship>('illness');
  const hardship = isHardship(decision?.hardship) ? decision.hardship : chosen;
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
            householdId,
            ...(decision ? { decisionId: decision.id } : {}),
            hardship,
            amountFen: fen,
            reason,
          },
          {
            onSuccess: (g) =>
              onClose(
                'waitsFor' in g
                  ? t('welfareRegister.aidWaiting', { message: g.message })
                  : g.papersDueOn
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
        {decision ? null : (
          <Form.Item label={t('welfareRegister.aidHardship')} htmlFor="aid-hardship">
            <Select
              id="aid-hardship"
              size="large"
              value={chosen}
              onChange={(value: Hardship) => setChosen(value)}
              options={HARDSHIPS.map((value) => ({ value, label: t(`welfare.hardships.${value}`) }))}
            />
          </Form.Item>
        )}
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
