import { Button, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFactsInput } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRecordFacts } from './api';

const NUMBER_FACTS = [
  'members',
  'monthlyIncome',
  'deposits',
  'securities',
  'vehicles',
  'homes',
  'floorArea',
] as const;
const YES_NO_FACTS = [
  'localHukou',
  'mobilityVehicleForDisabled',
  'vehicleForSeriousIllness',
  'memberOver80LivingAlone',
  'severeDisability',
  'seriousIllness',
] as const;
const HARDSHIPS = ['none', 'illness', 'accident', 'disaster'] as const;

type NumberFact = (typeof NUMBER_FACTS)[number];
type YesNoFact = (typeof YES_NO_FACTS)[number];
/** `unknown` is a real answer: a fact left unknown makes the decision name it as missing. */
type YesNo = 'yes' | 'no' | 'unknown';

interface Draft {
  numbers: Partial<Record<NumberFact, number | null>>;
  yesNo: Partial<Record<YesNoFact, YesNo>>;
  hardship: (typeof HARDSHIPS)[number];
  note: string;
}

function draftFrom(facts: Record<string, unknown>, note: string | null): Draft {
  const numbers: Draft['numbers'] = {};
  for (const key of NUMBER_FACTS) {
    const value = facts[key];
    numbers[key] = typeof value === 'number' ? value : null;
  }
  const yesNo: Draft['yesNo'] = {};
  for (const key of YES_NO_FACTS) {
    const value = facts[key];
    yesNo[key] = value === true ? 'yes' : value === false ? 'no' : 'unknown';
  }
  const hardship = HARDSHIPS.find((h) => h === facts.hardship) ?? 'none';
  return { numbers, yesNo, hardship, note: note ?? '' };
}

function inputFrom(draft: Draft): TFactsInput {
  const input: TFactsInput = { hardship: draft.hardship, note: draft.note.trim() || null };
  for (const key of NUMBER_FACTS) input[key] = draft.numbers[key] ?? null;
  for (const key of YES_NO_FACTS) {
    const value = draft.yesNo[key];
    input[key] = value === 'yes' ? true : value === 'no' ? false : null;
  }
  return input;
}

/**
 * The household's facts as a worker reads them off payslips and bank books, in yuan; saving keeps a new
 * record (the old ones stay with the decisions that used them).
 */
export function FactsForm({
  householdId,
  facts,
  note,
  onSaved,
}: {
  householdId: string;
  facts: Record<string, unknown>;
  note: string | null;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const record = useRecordFacts(householdId);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(facts, note));

  return (
    <Form
      layout="vertical"
      component="form"
      data-testid="welfare-facts-form"
      onFinish={() => record.mutate(inputFrom(draft), { onSuccess: onSaved })}
    >
      {record.isError ? <ErrorAlert error={record.error} style={{ marginBottom: 12 }} /> : null}
      {NUMBER_FACTS.map((key) => (
        <Form.Item key={key} label={t(`welfare.facts.${key}`)} htmlFor={`fact-${key}`}>
          <InputNumber
            id={`fact-${key}`}
            size="large"
            min={0}
            inputMode="decimal"
            value={draft.numbers[key] ?? null}
            onChange={(value) => setDraft((d) => ({ ...d, numbers: { ...d.numbers, [key]: value } }))}
            style={{ width: '100%', maxWidth: 320 }}
          />
        </Form.Item>
      ))}
      {YES_NO_FACTS.map((key) => (
        <Form.Item key={key} label={<span id={`fact-${key}-label`}>{t(`welfare.facts.${key}`)}</span>}>
          <Radio.Group
            aria-labelledby={`fact-${key}-label`}
            optionType="button"
            buttonStyle="solid"
            size="large"
            value={draft.yesNo[key] ?? 'unknown'}
            onChange={(e) =>
              setDraft((d) => ({ ...d, yesNo: { ...d.yesNo, [key]: e.target.value as YesNo } }))
            }
            options={[
              { value: 'yes', label: t('welfare.yes') },
              { value: 'no', label: t('welfare.no') },
              { value: 'unknown', label: t('welfare.unknown') },
            ]}
          />
        </Form.Item>
      ))}
      <Form.Item label={t('welfare.facts.hardship')} htmlFor="fact-hardship">
        <Select
          id="fact-hardship"
          size="large"
          value={draft.hardship}
          onChange={(value: Draft['hardship']) => setDraft((d) => ({ ...d, hardship: value }))}
          options={HARDSHIPS.map((value) => ({ value, label: t(`welfare.hardships.${value}`) }))}
          style={{ maxWidth: 320 }}
        />
      </Form.Item>
      <Form.Item label={t('welfare.facts.note')} htmlFor="fact-note">
        <Input.TextArea
          id="fact-note"
          value={draft.note}
          maxLength={1000}
          autoSize={{ minRows: 2 }}
          onChange={(e) => setDraft((d) => ({ ...d, note: e.target.value }))}
        />
      </Form.Item>
      <Button type="primary" size="large" htmlType="submit" loading={record.isPending} block>
        {t('welfare.saveFacts')}
      </Button>
    </Form>
  );
}
