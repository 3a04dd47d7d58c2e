import { Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZObjection } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAnswerObjection } from './api';

type Objection = z.infer<typeof ZObjection>;

/**
 * The office's answer to one objection. Upholding it sends the application(s) concerned back for the
 * committee's review, so the choice is asked for explicitly rather than defaulted.
 */
export function AnswerObjectionModal({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const { t } = useTranslation();
  const answer = useAnswerObjection();
  const [text, setText] = useState('');
  const [upheld, setUpheld] = useState<boolean | null>(null);
  return (
    <Modal
      open
      title={t('welfare.answerTitle')}
      onCancel={onClose}
      okText={t('welfare.save')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: !text.trim() || upheld === null, loading: answer.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => {
        if (upheld === null) return;
        answer.mutate({ objectionId: objection.id, answer: text.trim(), upheld }, { onSuccess: onClose });
      }}
    >
      {answer.isError ? <ErrorAlert error={answer.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>{objection.text}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={<span id="objection-upheld-label">{t('welfare.upheldQuestion')}</span>}>
          <Radio.Group
            aria-labelledby="objection-upheld-label"
            optionType="button"
            buttonStyle="solid"
            size="large"
            value={upheld}
            onChange={(e) => setUpheld(e.target.value as boolean)}
            options={[
              { value: true, label: t('welfare.upheldYes') },
              { value: false, label: t('welfare.upheldNo') },
            ]}
          />
        </Form.Item>
        {upheld ? <Typography.Paragraph>{t('welfare.upheldEffect')}</Typography.Paragraph> : null}
        <Form.Item label={t('welfare.answerText')} htmlFor="objection-answer">
          <Input.TextArea
            id="objection-answer"
            value={text}
            maxLength={4000}
            autoSize={{ minRows: 3 }}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
