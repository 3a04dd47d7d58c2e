import { Alert, Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TFactOrigin, ZHouseholdFacts } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { dateTime, shortDate } from '../../lib/dates';
import { useOverrideFact } from './api';

type Facts = z.infer<typeof ZHouseholdFacts>;
type Source = 'typed' | 'register';

function useValueText() {
  const { t } = useTranslation();
  return (value: TFactOrigin['value']) =>
    value === true
      ? t('welfareRegister.yes')
      : value === false
        ? t('welfareRegister.no')
        : value === null
          ? t('welfareRegister.unknown')
          : String(value);
}

/**
 * What the rules use for this household and where each value comes from (issue 20): the register's
 * facts (ages on the day it was read, living alone, size, care tags) beside the typed ones. Where the two
 * disagree, the page says both and which one counts; a worker may choose the other, with a reason that
 * is kept on record.
 */
export function RegisterFacts({
  householdId,
  facts,
  write,
  onSaved,
}: {
  householdId: string;
  facts: Facts;
  write: boolean;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation();
  const valueText = useValueText();
  const usedId = useId();
  const conflictsId = useId();
  const [choosing, setChoosing] = useState<TFactOrigin | null>(null);
  const which = (source: Source) =>
    source === 'register' ? t('welfareRegister.whichRegister') : t('welfareRegister.whichTyped');
  return (
    <>
      {facts.conflicts.length > 0 ? (
        <section aria-labelledby={conflictsId} data-testid="welfare-conflicts" style={{ marginBlock: 16 }}>
          <Typography.Title level={3} id={conflictsId} style={{ fontSize: 20 }}>
            {t('welfareRegister.conflictsHeading')}
          </Typography.Title>
          {facts.conflicts.map((c) => (
            <Alert
              key={c.fact}
              type="warning"
              showIcon
              data-testid="welfare-conflict"
              style={{ marginBottom: 12, fontSize: 18 }}
              title={t('welfareRegister.conflictLine', {
                label: c.label,
                register: valueText(c.conflict?.register ?? null),
                typed: valueText(c.conflict?.typed ?? null),
              })}
              description={
                <>
                  <div>{t('welfareRegister.conflictCounts', { which: which(c.source) })}</div>
                  {c.override ? (
                    <div>
                      {t('welfareRegister.conflictOverride', {
                        by: c.override.by,
                        at: dateTime(c.override.at),
                        which: which(c.override.use),
                        reason: c.override.reason,
                      })}
                    </div>
                  ) : null}
                  {write ? (
                    <Button size="large" style={{ marginTop: 8 }} onClick={() => setChoosing(c)}>
                      {t('welfareRegister.chooseButton')}
                    </Button>
                  ) : null}
                </>
              }
            />
          ))}
        </section>
      ) : null}
      <section aria-labelledby={usedId} data-testid="welfare-facts-used" style={{ marginBlock: 16 }}>
        <Typography.Title level={3} id={usedId} style={{ fontSize: 20 }}>
          {t('welfareRegister.usedHeading')}
        </Typography.Title>
        <Typography.Paragraph>
          {t('welfareRegister.registerReadOn', { date: shortDate(facts.registerReadOn) })}
        </Typography.Paragraph>
        {facts.sources.length > 0 ? (
          <ul className="linli-list" aria-labelledby={usedId}>
            {facts.sources.map((line) => (
              <li key={line} className="linli-list-item" style={{ fontSize: 18 }}>
                {line}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {choosing ? (
        <OverrideModal
          householdId={householdId}
          fact={choosing}
          valueText={valueText}
          onClose={(saved) => {
            setChoosing(null);
            if (saved)
              onSaved(t('welfareRegister.overrideSaved', { label: choosing.label, which: which(saved) }));
          }}
        />
      ) : null}
    </>
  );
}

function OverrideModal({
  householdId,
  fact,
  valueText,
  onClose,
}: {
  householdId: string;
  fact: TFactOrigin;
  valueText: (value: TFactOrigin['value']) => string;
  onClose: (saved: Source | null) => void;
}) {
  const { t } = useTranslation();
  const override = useOverrideFact(householdId);
  const [use, setUse] = useState<Source>(fact.source === 'register' ? 'typed' : 'register');
  const [reason, setReason] = useState('');
  const register = valueText(fact.conflict?.register ?? null);
  const typed = valueText(fact.conflict?.typed ?? null);
  return (
    <Modal
      open
      title={t('welfareRegister.overrideTitle', { label: fact.label })}
      onCancel={() => onClose(null)}
      okText={t('welfareRegister.overrideSave')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: !reason.trim(), loading: override.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() => override.mutate({ fact: fact.fact, use, reason }, { onSuccess: () => onClose(use) })}
    >
      {override.isError ? <ErrorAlert error={override.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph>{t('welfareRegister.overrideIntro', { register, typed })}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfareRegister.overrideUse')}>
          <Radio.Group
            value={use}
            onChange={(e) => setUse(e.target.value as Source)}
            options={[
              { value: 'register', label: `${t('welfareRegister.whichRegister')}：${register}` },
              { value: 'typed', label: `${t('welfareRegister.whichTyped')}：${typed}` },
            ]}
            style={{ display: 'flex', flexDirection: 'column', gap: 12, fontSize: 18 }}
          />
        </Form.Item>
        <Form.Item label={t('welfareRegister.overrideReason')} htmlFor="override-reason">
          <Input.TextArea
            id="override-reason"
            value={reason}
            maxLength={1000}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
