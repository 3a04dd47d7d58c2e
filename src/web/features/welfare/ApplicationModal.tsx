import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { THousehold } from '../../../shared/contracts/registry';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFileApplication } from './api';

/** The papers a committee asks for with any application; the worker ticks what the household handed over. */
const DOCUMENTS = ['idCard', 'hukouBook', 'incomeProof', 'assetDeclaration', 'housingProof'] as const;

/** Filing an application at the door: who applies, which papers are in hand, a note. */
export function ApplicationModal({
  household,
  policyId,
  onClose,
}: {
  household: THousehold;
  policyId: string;
  onClose: (filed: boolean) => void;
}) {
  const { t } = useTranslation();
  const file = useFileApplication();
  const [applicant, setApplicant] = useState<string | undefined>(household.members[0]?.id);
  const [received, setReceived] = useState<string[]>([]);
  const [note, setNote] = useState('');

  return (
    <Modal
      open
      title={t('welfare.fileTitle')}
      onCancel={() => onClose(false)}
      okText={t('welfare.file')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: !applicant, loading: file.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => {
        if (!applicant) return;
        file.mutate(
          {
            householdId: household.id,
            applicantResidentId: applicant,
            policyId,
            documents: DOCUMENTS.map((key) => ({
              key,
              label: t(`welfare.documents.${key}`),
              received: received.includes(key),
            })),
            note: note.trim() || null,
          },
          { onSuccess: () => onClose(true) },
        );
      }}
    >
      {file.isError ? <ErrorAlert error={file.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.applicant')} htmlFor="application-applicant">
          <Select
            id="application-applicant"
            size="large"
            value={applicant}
            onChange={(value: string) => setApplicant(value)}
            options={household.members.map((m) => ({ value: m.id, label: m.name }))}
          />
        </Form.Item>
        <Form.Item label={<span id="application-documents">{t('welfare.documentsHeading')}</span>}>
          <Checkbox.Group
            aria-labelledby="application-documents"
            value={received}
            onChange={(values) => setReceived(values)}
            style={{ display: 'flex', flexDirection: 'column', gap: 12 }}
            options={DOCUMENTS.map((key) => ({ value: key, label: t(`welfare.documents.${key}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('welfare.applicationNote')} htmlFor="application-note">
          <Input.TextArea
            id="application-note"
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
