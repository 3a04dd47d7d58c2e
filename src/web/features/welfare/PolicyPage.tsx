import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import type { z } from 'zod';
import type { ZPolicyView } from '../../../shared/contracts/welfare';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { canReadWelfare, canWriteWelfare } from '../../lib/roles';
import { useDecideParameterChange, usePolicy, useProposeParameterChange } from './api';
import { ParameterEffect } from './ParameterEffect';
import { StateTag } from './StateTag';
import { inUiLanguage } from './text';

type Policy = z.infer<typeof ZPolicyView>;

const CHANGE_TONE = { proposed: 'pending', approved: 'good', rejected: 'bad' } as const;

/** A policy in plain words, its dated parameter values, and changes proposed and approved by a second person. */
export function PolicyPage() {
  const { policyId = '' } = useParams();
  const { t } = useTranslation();
  const policy = usePolicy(policyId);
  return (
    <>
      <BackLink to="/welfare">{t('welfare.heading')}</BackLink>
      {policy.isPending ? (
        <Loading />
      ) : policy.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('welfare.policy')}</h1>
          <ErrorAlert error={policy.error} onRetry={() => void policy.refetch()} />
        </>
      ) : (
        <PolicyDetail policy={policy.data} />
      )}
    </>
  );
}

function PolicyDetail({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const write = canWriteWelfare(session.user.role);
  const criteriaId = useId();
  const parametersId = useId();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {inUiLanguage(policy.title)}
      </Typography.Title>
      <Typography.Paragraph>
        {policy.document} · {t('welfare.policyVersion', { version: policy.version })}
      </Typography.Paragraph>
      <Typography.Paragraph style={{ fontSize: 20 }}>{inUiLanguage(policy.summary)}</Typography.Paragraph>
      <Typography.Title level={2} id={criteriaId} style={{ fontSize: 24 }}>
        {t('welfare.criteriaHeading')}
      </Typography.Title>
      <ol aria-labelledby={criteriaId} style={{ fontSize: 20, paddingInlineStart: 28 }}>
        {policy.criteria.map((line) => (
          <li key={line} style={{ marginBottom: 8 }}>
            {line}
          </li>
        ))}
      </ol>
      <Typography.Title level={2} id={parametersId} style={{ fontSize: 24 }}>
        {t('welfare.parametersHeading')}
      </Typography.Title>
      {policy.parameters.map((p) => (
        <Card key={p.name} size="small" style={{ marginBottom: 12 }} data-testid="welfare-parameter">
          <strong style={{ fontSize: 20 }}>{inUiLanguage(p.label)}</strong>
          <div>
            {t('welfare.currentValue')}：<strong>{p.current ?? '—'}</strong>{' '}
            {t(`welfare.units.${p.unit}`, p.unit)}
          </div>
          <ul style={{ paddingInlineStart: 24, marginBlock: 8 }}>
            {[...p.values].reverse().map((v) => (
              <li key={`${v.from}-${v.value}`}>
                {t('welfare.valueFrom', { from: shortDate(v.from), value: v.value })}
                {v.source === 'change' ? ` · ${t('welfare.changedInLinli')}` : ''}
              </li>
            ))}
          </ul>
        </Card>
      ))}
      <Changes policy={policy} write={write} read={canReadWelfare(session.user.role)} />
      {write ? <ProposeChange policy={policy} /> : null}
    </>
  );
}

function Changes({ policy, write, read }: { policy: Policy; write: boolean; read: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const decide = useDecideParameterChange();
  // Only the changes asked about are evaluated: each look at the effect reads every household's facts.
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const toggle = (changeId: string) =>
    setShown((before) => {
      const next = new Set(before);
      if (!next.delete(changeId)) next.add(changeId);
      return next;
    });
  const label = (name: string) => {
    const parameter = policy.parameters.find((p) => p.name === name);
    return parameter ? inUiLanguage(parameter.label) : name;
  };
  if (policy.changes.length === 0) return null;
  return (
    <section aria-labelledby={headingId} style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.changesHeading')}
      </Typography.Title>
      {decide.isError ? <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} /> : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {policy.changes.map((c) => (
          <li key={c.id} className="linli-list-item" data-testid="welfare-change" data-status={c.status}>
            <span style={{ flex: '1 1 220px' }}>
              {t('welfare.changeLine', {
                parameter: label(c.parameter),
                value: c.value,
                from: shortDate(c.from),
              })}
              <br />
              {c.reason} · {t('welfare.proposedBy', { name: c.proposedBy })}
            </span>
            {read && c.status === 'proposed' ? (
              <Button size="large" aria-expanded={shown.has(c.id)} onClick={() => toggle(c.id)}>
                {t(shown.has(c.id) ? 'welfare.effectClose' : 'welfare.effectOpen')}
              </Button>
            ) : null}
            {write && c.status === 'proposed' ? (
              <Flex gap={8} wrap>
                <Button
                  type="primary"
                  size="large"
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ changeId: c.id, approve: true })}
                >
                  {t('welfare.approveChange')}
                </Button>
                <Button
                  size="large"
                  danger
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ changeId: c.id, approve: false })}
                >
                  {t('welfare.rejectChange')}
                </Button>
              </Flex>
            ) : (
              <StateTag tone={CHANGE_TONE[c.status]}>{t(`welfare.changeStatuses.${c.status}`)}</StateTag>
            )}
            {c.status === 'proposed' && shown.has(c.id) ? <ParameterEffect changeId={c.id} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ProposeChange({ policy }: { policy: Policy }) {
  const { t } = useTranslation();
  const headingId = useId();
  const propose = useProposeParameterChange(policy.id);
  const [parameter, setParameter] = useState(policy.parameters[0]?.name ?? '');
  const [from, setFrom] = useState('');
  const [value, setValue] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const ready = parameter && /^\d{4}-\d{2}-\d{2}$/.test(from) && value !== null && reason.trim();
  return (
    <section aria-labelledby={headingId} style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.proposeHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('welfare.proposeIntro')}</Typography.Paragraph>
      {saved ? <Alert type="success" showIcon role="status" title={t('welfare.proposed')} /> : null}
      {propose.isError ? <ErrorAlert error={propose.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.parameter')} htmlFor="change-parameter">
          <Select
            id="change-parameter"
            size="large"
            value={parameter}
            onChange={(v: string) => setParameter(v)}
            options={policy.parameters.map((p) => ({ value: p.name, label: inUiLanguage(p.label) }))}
          />
        </Form.Item>
        <Form.Item label={t('welfare.changeFrom')} htmlFor="change-from">
          <DateField id="change-from" value={from} onChange={setFrom} />
        </Form.Item>
        <Form.Item label={t('welfare.changeValue')} htmlFor="change-value">
          <InputNumber
            id="change-value"
            size="large"
            min={0}
            value={value}
            onChange={setValue}
            style={{ width: '100%', maxWidth: 240 }}
          />
        </Form.Item>
        <Form.Item label={t('welfare.changeReason')} htmlFor="change-reason">
          <Input.TextArea
            id="change-reason"
            value={reason}
            maxLength={1000}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
        <Button
          type="primary"
          size="large"
          block
          disabled={!ready}
          loading={propose.isPending}
          onClick={() => {
            if (value === null) return;
            propose.mutate(
              { parameter, from, value, reason: reason.trim() },
              {
                onSuccess: () => {
                  setSaved(true);
                  setReason('');
                },
              },
            );
          }}
        >
          {t('welfare.propose')}
        </Button>
      </Form>
    </section>
  );
}
