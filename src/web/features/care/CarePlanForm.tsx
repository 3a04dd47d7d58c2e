import { Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHECKIN_WAYS,
  type CheckinWay,
  DEFAULT_CHECKIN_GRACE_MINUTES,
  DEFAULT_VISIT_EVERY_DAYS,
  RISK_LEVELS,
  type RiskLevel,
  type TCarePlan,
} from '../../../shared/contracts/care';
import type { TResident } from '../../../shared/contracts/registry';
import { DateField, TimeField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { todayIso } from '../../lib/dates';
import { useLiaisonTree } from '../../lib/queries';
import { flattenTree } from '../../lib/tree';
import { useCreatePlan, usePatchPlan } from './api';

const CONSENT_FORMS = ['spoken', 'signed', 'thumbprint', 'family_on_behalf'] as const;
type ConsentForm = (typeof CONSENT_FORMS)[number];

/** Create a care plan for a resident, or change one (worker and committee). */
export function CarePlanModal({
  open,
  communityId,
  residents,
  plan,
  onClose,
}: {
  open: boolean;
  communityId: string;
  /** Residents who may get a new plan (only for creating). */
  residents: readonly TResident[];
  plan?: TCarePlan | undefined;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const tree = useLiaisonTree(communityId, open);
  const create = useCreatePlan();
  const patch = usePatchPlan();
  const [residentId, setResidentId] = useState<string | undefined>(plan?.residentId);
  const [responsible, setResponsible] = useState<string | undefined>(plan?.responsible?.positionId);
  const [standIn, setStandIn] = useState<string | undefined>(plan?.standIn?.positionId);
  const [risk, setRisk] = useState<RiskLevel>(plan?.risk ?? 'normal');
  const [every, setEvery] = useState<number | null>(plan?.visitEveryDays ?? null);
  const [checkinOn, setCheckinOn] = useState(plan ? plan.checkin !== null : false);
  const [time, setTime] = useState(plan?.checkin?.time ?? '09:00');
  const [ways, setWays] = useState<CheckinWay[]>(plan?.checkin?.ways ?? ['phone_call']);
  const [grace, setGrace] = useState<number>(plan?.checkin?.graceMinutes ?? DEFAULT_CHECKIN_GRACE_MINUTES);
  const [consentDate, setConsentDate] = useState(plan?.checkin?.consentDate ?? todayIso());
  const [consentForm, setConsentForm] = useState<ConsentForm>(
    (CONSENT_FORMS as readonly string[]).includes(plan?.checkin?.consentForm ?? '')
      ? (plan?.checkin?.consentForm as ConsentForm)
      : 'spoken',
  );
  const [witness, setWitness] = useState(plan?.checkin?.consentWitness ?? '');
  const [note, setNote] = useState(plan?.note ?? '');
  const waysId = useId();
  const riskId = useId();
  const consentId = useId();
  const positions = tree.data ? flattenTree(tree.data.roots).map((entry) => entry.node) : [];
  const positionOptions = positions.map((node) => ({
    value: node.positionId,
    label: `${t(`tiers.${node.tier}`)} · ${node.personName}`,
  }));
  const limit = DEFAULT_VISIT_EVERY_DAYS[risk];
  const mutation = plan ? patch : create;

  const save = () => {
    const checkin = checkinOn
      ? {
          time,
          ways,
          graceMinutes: grace,
          consent: {
            date: consentDate,
            form: consentForm,
            ...(witness.trim() ? { witness: witness.trim() } : {}),
          },
        }
      : undefined;
    const visitEveryDays = every !== null ? Math.min(every, limit) : undefined;
    if (plan) {
      patch.mutate(
        {
          planId: plan.id,
          body: {
            ...(responsible ? { responsiblePositionId: responsible } : {}),
            standInPositionId: standIn ?? null,
            risk,
            ...(visitEveryDays !== undefined ? { visitEveryDays } : {}),
            checkin: checkin ?? null,
            note: note.trim() ? note.trim() : null,
          },
        },
        { onSuccess: () => onClose(true) },
      );
    } else if (residentId) {
      create.mutate(
        {
          residentId,
          ...(responsible ? { responsiblePositionId: responsible } : {}),
          ...(standIn ? { standInPositionId: standIn } : {}),
          risk,
          ...(visitEveryDays !== undefined ? { visitEveryDays } : {}),
          ...(checkin ? { checkin } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        { onSuccess: () => onClose(true) },
      );
    }
  };

  const invalid = (!plan && !residentId) || (checkinOn && (ways.length === 0 || !time || !consentDate));

  return (
    <Modal
      open={open}
      title={plan ? t('care.planFor', { name: plan.residentName }) : t('care.createPlan')}
      onCancel={() => onClose(false)}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: invalid, loading: mutation.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={save}
    >
      {mutation.isError ? <ErrorAlert error={mutation.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        {plan ? null : (
          <Form.Item label={t('care.form.resident')} htmlFor="plan-resident">
            <Select
              id="plan-resident"
              size="large"
              value={residentId}
              placeholder={t('care.form.pick')}
              onChange={(value: string) => setResidentId(value)}
              options={residents.map((r) => ({
                value: r.id,
                label: r.age !== null ? `${r.name}（${r.age}）` : r.name,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('care.form.responsible')} htmlFor="plan-responsible">
          <Select
            id="plan-responsible"
            size="large"
            allowClear
            loading={tree.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            value={responsible}
            placeholder={t('care.form.pick')}
            onChange={(value: string | undefined) => setResponsible(value)}
            options={positionOptions}
          />
        </Form.Item>
        <Form.Item label={t('care.form.standIn')} htmlFor="plan-standin">
          <Select
            id="plan-standin"
            size="large"
            allowClear
            loading={tree.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            value={standIn}
            placeholder={t('care.form.pick')}
            onChange={(value: string | undefined) => setStandIn(value)}
            options={positionOptions}
          />
        </Form.Item>
      </Form>
      <div id={riskId} className="linli-stat-label">
        {t('care.form.risk')}
      </div>
      <Radio.Group
        aria-labelledby={riskId}
        className="linli-choice-grid"
        optionType="button"
        value={risk}
        onChange={(e) => setRisk(e.target.value as RiskLevel)}
        options={RISK_LEVELS.map((value) => ({ value, label: t(`care.risks.${value}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('care.form.visitEveryDays')}
          htmlFor="plan-every"
          extra={t('care.form.visitEveryHint')}
        >
          <InputNumber
            id="plan-every"
            size="large"
            min={1}
            max={limit}
            value={every ?? limit}
            onChange={(value) => setEvery(typeof value === 'number' ? value : null)}
          />
        </Form.Item>
        <Form.Item label={t('care.form.checkinOn')} htmlFor="plan-checkin">
          <Switch id="plan-checkin" checked={checkinOn} onChange={setCheckinOn} />
        </Form.Item>
      </Form>
      {checkinOn ? (
        <div className="linli-subform">
          <Form layout="vertical" component="div">
            <Form.Item label={t('care.form.time')} htmlFor="plan-time">
              <TimeField id="plan-time" value={time} onChange={setTime} />
            </Form.Item>
          </Form>
          <div id={waysId} className="linli-stat-label">
            {t('care.form.ways')}
          </div>
          <Checkbox.Group
            aria-labelledby={waysId}
            className="linli-checks"
            value={ways}
            onChange={(list) => setWays(list as CheckinWay[])}
            options={CHECKIN_WAYS.map((value) => ({ value, label: t(`care.ways.${value}`) }))}
          />
          <Form layout="vertical" component="div" style={{ marginTop: 8 }}>
            <Form.Item label={t('care.form.grace')} htmlFor="plan-grace">
              <InputNumber
                id="plan-grace"
                size="large"
                min={5}
                max={240}
                value={grace}
                onChange={(value) =>
                  setGrace(typeof value === 'number' ? value : DEFAULT_CHECKIN_GRACE_MINUTES)
                }
              />
            </Form.Item>
            <Form.Item label={t('care.form.consentDate')} htmlFor="plan-consent-date">
              <DateField id="plan-consent-date" value={consentDate} onChange={setConsentDate} />
            </Form.Item>
          </Form>
          <div id={consentId} className="linli-stat-label">
            {t('care.form.consentForm')}
          </div>
          <Radio.Group
            aria-labelledby={consentId}
            className="linli-choice-list"
            value={consentForm}
            onChange={(e) => setConsentForm(e.target.value as ConsentForm)}
            options={CONSENT_FORMS.map((value) => ({ value, label: t(`care.form.consentForms.${value}`) }))}
          />
          <Form layout="vertical" component="div" style={{ marginTop: 8 }}>
            <Form.Item label={t('care.form.witness')} htmlFor="plan-witness">
              <Input
                id="plan-witness"
                value={witness}
                maxLength={60}
                onChange={(e) => setWitness(e.target.value)}
              />
            </Form.Item>
          </Form>
        </div>
      ) : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.form.note')} htmlFor="plan-note">
          <Input.TextArea
            id="plan-note"
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
