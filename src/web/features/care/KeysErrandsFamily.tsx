import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONSENT_FORMS,
  type ConsentForm,
  ERRAND_KINDS,
  type ErrandKind,
  type TErrand,
  type TKey,
} from '../../../shared/contracts/careKeysMoney';
import type { THousehold } from '../../../shared/contracts/registry';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { shortDate, todayIso } from '../../lib/dates';
import { useLiaisonTree } from '../../lib/queries';
import { flattenTree } from '../../lib/tree';
import {
  useAddFamilyContact,
  useCreateErrand,
  useErrands,
  useFamily,
  useRegisterKey,
  useReturnKey,
} from './api';

type Carer = { mode: 'position'; positionId?: string } | { mode: 'person'; name: string; phone: string };

function carerBody(carer: Carer): { positionId?: string; name?: string; phone?: string } | null {
  if (carer.mode === 'position') return carer.positionId ? { positionId: carer.positionId } : null;
  if (!carer.name.trim()) return null;
  return { name: carer.name.trim(), ...(carer.phone.trim() ? { phone: carer.phone.trim() } : {}) };
}

/** A position in the chain, or a named person with a phone. */
function CarerFields({
  communityId,
  idPrefix,
  carer,
  onChange,
}: {
  communityId: string;
  idPrefix: string;
  carer: Carer;
  onChange: (carer: Carer) => void;
}) {
  const { t } = useTranslation();
  const tree = useLiaisonTree(communityId, carer.mode === 'position');
  const positions = tree.data ? flattenTree(tree.data.roots).map((e) => e.node) : [];
  return (
    <>
      <Form.Item label={t('care.carer.who')}>
        <Radio.Group
          value={carer.mode}
          size="large"
          onChange={(e) =>
            onChange(
              e.target.value === 'position' ? { mode: 'position' } : { mode: 'person', name: '', phone: '' },
            )
          }
          options={[
            { value: 'position', label: t('care.carer.position') },
            { value: 'person', label: t('care.carer.person') },
          ]}
        />
      </Form.Item>
      {carer.mode === 'position' ? (
        <Form.Item label={t('care.carer.positionLabel')} htmlFor={`${idPrefix}-position`}>
          <Select
            id={`${idPrefix}-position`}
            size="large"
            loading={tree.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            value={carer.positionId}
            placeholder={t('care.carer.positionPlaceholder')}
            onChange={(value: string) => onChange({ mode: 'position', positionId: value })}
            options={positions.map((node) => ({
              value: node.positionId,
              label: `${t(`tiers.${node.tier}`)} · ${node.personName}`,
            }))}
          />
        </Form.Item>
      ) : (
        <>
          <Form.Item label={t('care.carer.name')} htmlFor={`${idPrefix}-name`}>
            <Input
              id={`${idPrefix}-name`}
              size="large"
              maxLength={60}
              value={carer.name}
              onChange={(e) => onChange({ ...carer, name: e.target.value })}
            />
          </Form.Item>
          <Form.Item label={t('care.carer.phone')} htmlFor={`${idPrefix}-phone`}>
            <Input
              id={`${idPrefix}-phone`}
              size="large"
              type="tel"
              inputMode="tel"
              maxLength={30}
              value={carer.phone}
              onChange={(e) => onChange({ ...carer, phone: e.target.value })}
            />
          </Form.Item>
        </>
      )}
    </>
  );
}

function MutationError({ error }: { error: unknown }) {
  if (!error) return null;
  return <ErrorAlert error={error} style={{ marginBottom: 12 }} />;
}

function ResidentSelect({
  household,
  id,
  value,
  onChange,
}: {
  household: THousehold;
  id: string;
  value: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t('care.resident')} htmlFor={id}>
      <Select
        id={id}
        size="large"
        value={value}
        onChange={onChange}
        options={household.members.map((m) => ({ value: m.id, label: m.name }))}
      />
    </Form.Item>
  );
}

/** Registers a door key held for a resident: who holds it, since when, and the resident's consent. */
export function RegisterKeyModal({ household, onClose }: { household: THousehold; onClose: () => void }) {
  const { t } = useTranslation();
  const register = useRegisterKey();
  const [residentId, setResidentId] = useState<string | undefined>(household.members[0]?.id);
  const [label, setLabel] = useState(t('care.keyDefaultLabel'));
  const [carer, setCarer] = useState<Carer>({ mode: 'person', name: '', phone: '' });
  const [heldSince, setHeldSince] = useState(todayIso());
  const [consentDate, setConsentDate] = useState(todayIso());
  const [form, setForm] = useState<ConsentForm>('written');
  const [witness, setWitness] = useState('');
  const holder = carerBody(carer);
  const ready =
    Boolean(residentId) &&
    Boolean(label.trim()) &&
    holder !== null &&
    Boolean(heldSince) &&
    Boolean(consentDate) &&
    (form === 'written' || Boolean(witness.trim()));

  return (
    <Modal
      open
      title={t('care.keyRegisterTitle')}
      onCancel={onClose}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !ready, loading: register.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={() => {
        if (!residentId || !holder) return;
        register.mutate(
          {
            residentId,
            label: label.trim(),
            holder,
            heldSince,
            consent: { date: consentDate, form, ...(witness.trim() ? { witness: witness.trim() } : {}) },
          },
          { onSuccess: onClose },
        );
      }}
    >
      <MutationError error={register.error} />
      <Form layout="vertical" component="div">
        <ResidentSelect household={household} id="key-resident" value={residentId} onChange={setResidentId} />
        <Form.Item label={t('care.keyLabel')} htmlFor="key-label">
          <Input
            id="key-label"
            size="large"
            maxLength={60}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </Form.Item>
        <CarerFields
          communityId={household.communityId}
          idPrefix="key-holder"
          carer={carer}
          onChange={setCarer}
        />
        <Form.Item label={t('care.keyHeldSince')} htmlFor="key-since">
          <DateField id="key-since" value={heldSince} onChange={setHeldSince} />
        </Form.Item>
        <Form.Item label={t('care.keyConsentDate')} htmlFor="key-consent-date">
          <DateField id="key-consent-date" value={consentDate} onChange={setConsentDate} />
        </Form.Item>
        <Form.Item label={t('care.keyConsentForm')}>
          <Radio.Group
            size="large"
            value={form}
            onChange={(e) => setForm(e.target.value as ConsentForm)}
            options={CONSENT_FORMS.map((f) => ({ value: f, label: t(`care.keyForms.${f}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={form === 'verbal' ? t('care.keyWitnessRequired') : t('care.keyWitness')}
          htmlFor="key-witness"
        >
          <Input
            id="key-witness"
            size="large"
            maxLength={60}
            value={witness}
            onChange={(e) => setWitness(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Records that a key was given back. */
export function ReturnKeyModal({ keyItem, onClose }: { keyItem: TKey; onClose: () => void }) {
  const { t } = useTranslation();
  const ret = useReturnKey();
  const [returnedTo, setReturnedTo] = useState('');
  const [returnedOn, setReturnedOn] = useState(todayIso());
  return (
    <Modal
      open
      title={t('care.keyReturnTitle', { label: keyItem.label, name: keyItem.resident.name })}
      onCancel={onClose}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !returnedTo.trim() || !returnedOn, loading: ret.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={() =>
        ret.mutate({ keyId: keyItem.id, returnedTo: returnedTo.trim(), returnedOn }, { onSuccess: onClose })
      }
    >
      <MutationError error={ret.error} />
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.keyReturnedTo')} htmlFor="key-returned-to">
          <Input
            id="key-returned-to"
            size="large"
            maxLength={60}
            value={returnedTo}
            onChange={(e) => setReturnedTo(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.keyReturnedOn')} htmlFor="key-returned-on">
          <DateField id="key-returned-on" value={returnedOn} onChange={setReturnedOn} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ScheduleKind = 'monthly' | 'every_days' | 'every_weeks';

/** A recurring errand for a resident: what, how often, who does it. */
export function ErrandModal({
  household,
  onClose,
}: {
  household: THousehold;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateErrand();
  const [residentId, setResidentId] = useState<string | undefined>(household.members[0]?.id);
  const [kind, setKind] = useState<ErrandKind>('pay_fee');
  const [title, setTitle] = useState('');
  const [scheduleKind, setScheduleKind] = useState<ScheduleKind>('monthly');
  const [n, setN] = useState<number | null>(1);
  const [startsOn, setStartsOn] = useState(todayIso());
  const [carer, setCarer] = useState<Carer>({ mode: 'person', name: '', phone: '' });
  const doer = carerBody(carer);
  const max = scheduleKind === 'monthly' ? 31 : scheduleKind === 'every_days' ? 366 : 52;
  const ready =
    Boolean(residentId) &&
    Boolean(title.trim()) &&
    doer !== null &&
    n !== null &&
    n >= 1 &&
    n <= max &&
    Boolean(startsOn);

  return (
    <Modal
      open
      title={t('care.errandTitle')}
      onCancel={() => onClose(false)}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !ready, loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={() => {
        if (!residentId || !doer || n === null) return;
        const schedule =
          scheduleKind === 'monthly'
            ? { kind: 'monthly' as const, day: n }
            : { kind: scheduleKind, every: n };
        create.mutate(
          { residentId, kind, title: title.trim(), schedule, startsOn, doer },
          { onSuccess: () => onClose(true) },
        );
      }}
    >
      <MutationError error={create.error} />
      <Form layout="vertical" component="div">
        <ResidentSelect
          household={household}
          id="errand-resident"
          value={residentId}
          onChange={setResidentId}
        />
        <Form.Item label={t('care.errandKind')} htmlFor="errand-kind">
          <Select
            id="errand-kind"
            size="large"
            value={kind}
            onChange={(value: ErrandKind) => setKind(value)}
            options={ERRAND_KINDS.map((k) => ({ value: k, label: t(`care.errandKinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('care.errandWhat')} htmlFor="errand-title">
          <Input
            id="errand-title"
            size="large"
            maxLength={100}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.errandHowOften')}>
          <Radio.Group
            size="large"
            value={scheduleKind}
            onChange={(e) => setScheduleKind(e.target.value as ScheduleKind)}
            options={(['monthly', 'every_days', 'every_weeks'] as const).map((k) => ({
              value: k,
              label: t(`care.errandSchedules.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item label={t(`care.errandN.${scheduleKind}`)} htmlFor="errand-n">
          <InputNumber
            id="errand-n"
            size="large"
            min={1}
            max={max}
            precision={0}
            inputMode="numeric"
            value={n}
            onChange={(value) => setN(typeof value === 'number' ? value : null)}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('care.errandStartsOn')} htmlFor="errand-starts">
          <DateField id="errand-starts" value={startsOn} onChange={setStartsOn} />
        </Form.Item>
        <CarerFields
          communityId={household.communityId}
          idPrefix="errand-doer"
          carer={carer}
          onChange={setCarer}
        />
      </Form>
    </Modal>
  );
}

function scheduleText(
  t: (key: string, options?: Record<string, unknown>) => string,
  errand: TErrand,
): string {
  const s = errand.schedule;
  if (s.kind === 'monthly') return t('care.errandEvery.monthly', { n: s.day });
  return t(`care.errandEvery.${s.kind}`, { n: s.every });
}

function ResidentErrands({ residentId, name }: { residentId: string; name: string }) {
  const { t } = useTranslation();
  const errands = useErrands(residentId);
  if (!errands.data || errands.data.items.length === 0) return null;
  return (
    <>
      {errands.data.items.map((errand) => (
        <li key={errand.id} className="linli-list-item" data-testid="errand">
          <span style={{ flex: '1 1 220px' }}>
            <strong>{name}</strong> · {errand.title}
            <br />
            {scheduleText(t, errand)} · {t('care.errandDoer', { name: errand.doer.name })}
            {errand.nextDueOn ? ` · ${t('care.errandNext', { date: shortDate(errand.nextDueOn) })}` : ''}
          </span>
        </li>
      ))}
    </>
  );
}

/** The household's recurring errands, with a button to add one. */
export function ErrandsSection({ household, manage }: { household: THousehold; manage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  if (!manage) return null;
  return (
    <section aria-labelledby={headingId} data-testid="care-errands" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 22 }}>
        {t('care.errandsRecurringHeading')}
      </Typography.Title>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {household.members.map((m) => (
          <ResidentErrands key={m.id} residentId={m.id} name={m.name} />
        ))}
      </ul>
      <Button size="large" style={{ marginTop: 8 }} onClick={() => setAdding(true)}>
        <span aria-hidden="true">＋&nbsp;</span>
        {t('care.errandAdd')}
      </Button>
      {adding ? (
        <ErrandModal
          household={household}
          onClose={(saved) => {
            setAdding(false);
            if (saved) setNotice(t('care.saved'));
          }}
        />
      ) : null}
    </section>
  );
}

function ResidentFamily({ residentId, name }: { residentId: string; name: string }) {
  const { t } = useTranslation();
  const family = useFamily(residentId);
  if (!family.data) return null;
  return (
    <>
      {family.data.items.map((c) => (
        <li key={c.id} className="linli-list-item" data-testid="family-contact">
          <span style={{ flex: '1 1 220px' }}>
            <strong>{c.name}</strong> · {t('care.familyOf', { relation: c.relation, name })}
            <br />
            {c.consentToBeTold ? t('care.familyConsentYes') : t('care.familyConsentNo')}
            {c.consentDate ? ` · ${shortDate(c.consentDate)}` : ''}
          </span>
          {c.phone ? (
            <a className="linli-button-link" href={`tel:${c.phone}`}>
              <span className="linli-visually-hidden">{t('households.call', { name: c.name })} </span>
              <span aria-hidden="true">☎&nbsp;</span>
              {c.phone}
            </a>
          ) : null}
        </li>
      ))}
    </>
  );
}

function FamilyModal({ household, onClose }: { household: THousehold; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const add = useAddFamilyContact();
  const [residentId, setResidentId] = useState<string | undefined>(household.members[0]?.id);
  const [name, setName] = useState('');
  const [relation, setRelation] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const [consentDate, setConsentDate] = useState(todayIso());
  const ready = Boolean(residentId) && Boolean(name.trim()) && Boolean(relation.trim());
  return (
    <Modal
      open
      title={t('care.familyAddTitle')}
      onCancel={() => onClose(false)}
      okText={t('care.form.save')}
      cancelText={t('care.cancel')}
      okButtonProps={{ size: 'large', disabled: !ready, loading: add.isPending }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
      onOk={() => {
        if (!residentId) return;
        add.mutate(
          {
            residentId,
            body: {
              name: name.trim(),
              relation: relation.trim(),
              ...(phone.trim() ? { phone: phone.trim() } : {}),
              consentToBeTold: consent,
              ...(consentDate ? { consentDate } : {}),
            },
          },
          { onSuccess: () => onClose(true) },
        );
      }}
    >
      <MutationError error={add.error} />
      <Form layout="vertical" component="div">
        <ResidentSelect
          household={household}
          id="family-resident"
          value={residentId}
          onChange={setResidentId}
        />
        <Form.Item label={t('care.familyName')} htmlFor="family-name">
          <Input
            id="family-name"
            size="large"
            maxLength={60}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.familyRelation')} htmlFor="family-relation">
          <Input
            id="family-relation"
            size="large"
            maxLength={30}
            value={relation}
            onChange={(e) => setRelation(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('care.familyPhone')} htmlFor="family-phone">
          <Input
            id="family-phone"
            size="large"
            type="tel"
            inputMode="tel"
            maxLength={30}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox checked={consent} onChange={(e) => setConsent(e.target.checked)}>
            {t('care.familyConsent')}
          </Checkbox>
        </Form.Item>
        <Form.Item label={t('care.familyConsentDate')} htmlFor="family-consent-date">
          <DateField id="family-consent-date" value={consentDate} onChange={setConsentDate} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Family contacts of each resident, and whether they agreed to be told. */
export function FamilySection({ household, manage }: { household: THousehold; manage: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section aria-labelledby={headingId} data-testid="care-family" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 22 }}>
        {t('care.familyHeading')}
      </Typography.Title>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {household.members.map((m) => (
          <ResidentFamily key={m.id} residentId={m.id} name={m.name} />
        ))}
      </ul>
      {manage ? (
        <Button size="large" style={{ marginTop: 8 }} onClick={() => setAdding(true)}>
          <span aria-hidden="true">＋&nbsp;</span>
          {t('care.familyAdd')}
        </Button>
      ) : null}
      {adding ? (
        <FamilyModal
          household={household}
          onClose={(saved) => {
            setAdding(false);
            if (saved) setNotice(t('care.saved'));
          }}
        />
      ) : null}
    </section>
  );
}
