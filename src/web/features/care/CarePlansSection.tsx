import { Alert, Button, Card, Flex, Form, Input, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCarePlan, TCheckin } from '../../../shared/contracts/care';
import type { TKey } from '../../../shared/contracts/careKeysMoney';
import type { THousehold } from '../../../shared/contracts/registry';
import type { Role } from '../../../shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime, shortDate } from '../../lib/dates';
import { canManageCare, canRecordCare } from '../../lib/roles';
import { useCarePlans, useCheckinsToday, useKeys, useKeyUse, usePatchPlan, useVisits } from './api';
import { CheckinStateTag, VisitStatusTag } from './CareBits';
import { CarePlanModal } from './CarePlanForm';
import { CheckinModal, type CheckinTarget, OutcomeModal } from './CheckinDialogs';
import { ErrandsSection, FamilySection, RegisterKeyModal, ReturnKeyModal } from './KeysErrandsFamily';

/** The household's care plans, one per resident who has one, with the buttons for today. */
export function CarePlansSection({ household, role }: { household: THousehold; role: Role }) {
  const { t } = useTranslation();
  const headingId = useId();
  const plans = useCarePlans({ householdId: household.id });
  const today = useCheckinsToday(canRecordCare(role));
  const [editing, setEditing] = useState<{ plan?: TCarePlan } | null>(null);
  const [checkinFor, setCheckinFor] = useState<CheckinTarget | null>(null);
  const [outcomeFor, setOutcomeFor] = useState<CheckinTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = canManageCare(role);
  const record = canRecordCare(role);

  const byPlan = new Map<string, TCheckin>();
  for (const person of today.data?.people ?? [])
    for (const item of person.items) byPlan.set(item.planId, item);
  const withPlan = new Set((plans.data?.items ?? []).map((p) => p.residentId));
  const without = household.members.filter((m) => !withPlan.has(m.id));

  return (
    <section aria-labelledby={headingId} data-testid="care-plans">
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('care.planHeading')}
      </Typography.Title>
      {notice ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={notice}
          closable={{ 'aria-label': t('care.cancel') }}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {plans.isPending ? (
        <Loading />
      ) : plans.isError ? (
        <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />
      ) : plans.data.items.length === 0 ? (
        <Typography.Paragraph>{t('care.noPlans')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {plans.data.items.map((plan) => (
            <PlanCard
              key={plan.id}
              plan={plan}
              checkin={byPlan.get(plan.id) ?? null}
              manage={manage}
              record={record}
              onEdit={() => setEditing({ plan })}
              onCheckin={(target) => setCheckinFor(target)}
              onOutcome={(target) => setOutcomeFor(target)}
              onNotice={setNotice}
            />
          ))}
        </ul>
      )}
      {manage && without.length > 0 ? (
        <Button type="primary" size="large" style={{ marginTop: 12 }} onClick={() => setEditing({})}>
          <span aria-hidden="true">＋&nbsp;</span>
          {t('care.createPlan')}
        </Button>
      ) : null}
      {editing ? (
        <CarePlanModal
          open
          communityId={household.communityId}
          residents={without}
          plan={editing.plan}
          onClose={(saved) => {
            setEditing(null);
            if (saved) setNotice(t('care.planSaved'));
          }}
        />
      ) : null}
      <CheckinModal
        target={checkinFor}
        onClose={(saved) => {
          setCheckinFor(null);
          if (saved) setNotice(saved);
        }}
      />
      <OutcomeModal
        target={outcomeFor}
        onClose={(saved) => {
          setOutcomeFor(null);
          if (saved) setNotice(saved);
        }}
      />
      <KeysSection household={household} manage={manage} />
      <ErrandsSection household={household} manage={manage} />
      <FamilySection household={household} manage={manage} />
    </section>
  );
}

function PlanCard({
  plan,
  checkin,
  manage,
  record,
  onEdit,
  onCheckin,
  onOutcome,
  onNotice,
}: {
  plan: TCarePlan;
  checkin: TCheckin | null;
  manage: boolean;
  record: boolean;
  onEdit: () => void;
  onCheckin: (target: CheckinTarget) => void;
  onOutcome: (target: CheckinTarget) => void;
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const visits = useVisits(plan.id);
  const end = usePatchPlan();
  const target: CheckinTarget = {
    planId: plan.id,
    residentName: plan.residentName,
    ways: plan.checkin?.ways,
  };
  const climbing = checkin?.state === 'missed' || checkin?.state === 'escalated';
  const open = climbing || checkin?.state === 'due';

  return (
    <li data-testid="care-plan" data-plan-id={plan.id}>
      <Card size="small">
        <Typography.Title level={3} style={{ fontSize: 22, marginTop: 0 }}>
          {t('care.planFor', { name: plan.residentName })}
        </Typography.Title>
        <div className="linli-tags" style={{ marginBottom: 8 }}>
          {checkin ? <CheckinStateTag state={checkin.state} /> : null}
          <VisitStatusTag status={plan.visitStatus} />
        </div>
        <dl className="linli-details">
          <dt>{t('care.responsible')}</dt>
          <dd>
            {plan.responsible
              ? `${t(`tiers.${plan.responsible.tier}`)} · ${plan.responsible.name}`
              : t('care.none')}
          </dd>
          <dt>{t('care.standIn')}</dt>
          <dd>
            {plan.standIn ? `${t(`tiers.${plan.standIn.tier}`)} · ${plan.standIn.name}` : t('care.none')}
          </dd>
          <dt>{t('care.risk')}</dt>
          <dd>{t(`care.risks.${plan.risk}`)}</dd>
          <dt>{t('care.frequency')}</dt>
          <dd>
            {t('care.everyDays', { count: plan.visitEveryDays })}
            <br />
            {t('care.nextVisit', { at: shortDate(plan.nextVisitDueAt) })}
          </dd>
          <dt>{t('care.dailyCheckin')}</dt>
          <dd>
            {plan.checkin
              ? t('care.checkinLine', {
                  time: plan.checkin.time,
                  grace: plan.checkin.graceMinutes,
                  ways: plan.checkin.ways.map((w) => t(`care.ways.${w}`)).join('、'),
                })
              : t('care.noCheckin')}
          </dd>
          {plan.note ? (
            <>
              <dt>{t('care.note')}</dt>
              <dd>{plan.note}</dd>
            </>
          ) : null}
        </dl>
        {plan.eventVisitsDue.map((due) => (
          <div key={due.eventId} className="linli-overdue">
            {t('care.eventVisitDue', { kind: t(`care.eventKinds.${due.kind}`), at: dateTime(due.dueAt) })}
          </div>
        ))}
        <div className="linli-subheading">{t('care.lastVisits')}</div>
        {visits.isPending ? (
          <Loading />
        ) : visits.isError ? (
          <ErrorAlert error={visits.error} onRetry={() => void visits.refetch()} />
        ) : visits.data.items.length === 0 ? (
          <Typography.Paragraph>{t('care.noVisits')}</Typography.Paragraph>
        ) : (
          <ul className="linli-timeline" data-testid="care-visits">
            {visits.data.items.slice(0, 3).map((visit) => (
              <li key={visit.id}>
                {t('care.visitLine', {
                  at: dateTime(visit.visitedAt),
                  who: visit.visitor,
                  how: t(`care.how.${visit.how}`),
                })}
                {visit.activities.length > 0 ? (
                  <div>{visit.activities.map((a) => t(`care.activities.${a}`)).join('、')}</div>
                ) : null}
                {visit.policies.map((p) => (
                  <div key={p.policy}>
                    {t('care.policyHeading')}：{p.policy}（
                    {p.forms.map((f) => t(`care.forms.${f}`)).join('、')}）·{' '}
                    {t(`care.saidBack.${p.saidBack}`)}
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
        {end.isError ? <ErrorAlert error={end.error} style={{ marginBlock: 8 }} /> : null}
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {record && open && plan.checkin ? (
            <Button type="primary" size="large" onClick={() => onCheckin(target)}>
              {t('care.checkedIn')}
              <span className="linli-visually-hidden"> {plan.residentName}</span>
            </Button>
          ) : null}
          {record ? (
            <Link to={`/care/plans/${plan.id}/visit`} className="linli-button-link">
              {t('care.visited')}
              <span className="linli-visually-hidden"> {plan.residentName}</span>
            </Link>
          ) : null}
          {record && climbing ? (
            <Button size="large" danger onClick={() => onOutcome(target)}>
              {t('care.outcome')}
              <span className="linli-visually-hidden"> {plan.residentName}</span>
            </Button>
          ) : null}
          <Link
            to={`/care/residents/${plan.residentId}/money`}
            className="linli-button-link linli-button-secondary"
          >
            {t('care.moneyLink')}
            <span className="linli-visually-hidden"> {plan.residentName}</span>
          </Link>
          {manage ? (
            <>
              <Button size="large" onClick={onEdit}>
                {t('care.editPlan')}
                <span className="linli-visually-hidden"> {plan.residentName}</span>
              </Button>
              <Button
                size="large"
                danger
                loading={end.isPending}
                onClick={() =>
                  Modal.confirm({
                    title: t('care.endConfirm', { name: plan.residentName }),
                    okText: t('care.endPlan'),
                    cancelText: t('care.cancel'),
                    okButtonProps: { danger: true, size: 'large' },
                    cancelButtonProps: { size: 'large' },
                    onOk: () =>
                      end.mutateAsync(
                        { planId: plan.id, body: { end: true } },
                        { onSuccess: () => onNotice(t('care.planEnded')) },
                      ),
                  })
                }
              >
                {t('care.endPlan')}
                <span className="linli-visually-hidden"> {plan.residentName}</span>
              </Button>
            </>
          ) : null}
        </Flex>
      </Card>
    </li>
  );
}

/** The door keys held for this household: who holds it, since when, with what consent, each use. */
function KeysSection({ household, manage }: { household: THousehold; manage: boolean }) {
  const { t } = useTranslation();
  const keys = useKeys(household.id);
  const [registering, setRegistering] = useState(false);
  const [returning, setReturning] = useState<TKey | null>(null);
  const use = useKeyUse();
  const headingId = useId();
  const [using, setUsing] = useState<{ id: string; label: string } | null>(null);
  const [reason, setReason] = useState('');
  const [present, setPresent] = useState('');

  // Only the holder, workers and the committee may see keys: a refusal simply hides the section.
  if (keys.isError || keys.isPending) return null;
  return (
    <section aria-labelledby={headingId} data-testid="care-keys" style={{ marginTop: 16 }}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 22 }}>
        {t('care.keysHeading')}
      </Typography.Title>
      {keys.data.items.length === 0 ? (
        <Typography.Paragraph>{t('care.keysEmpty')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {keys.data.items.map((key) => (
            <li key={key.id} className="linli-list-item">
              <span style={{ flex: '1 1 220px' }}>
                <strong>{key.resident.name}</strong> ·{' '}
                {t('care.keyLine', { label: key.label, holder: key.holder.name, since: key.heldSince })}
                <br />
                {t('care.keyConsent', {
                  date: key.consent.date,
                  form: t(`care.keyForms.${key.consent.form}`),
                })}
                {key.consent.witness ? ` · ${key.consent.witness}` : ''} ·{' '}
                {t('care.keyUses', { count: key.useCount })}
                {key.returned ? (
                  <>
                    <br />
                    {t('care.keyReturned', { on: key.returned.on, to: key.returned.to })}
                  </>
                ) : null}
              </span>
              {key.returned ? null : (
                <Flex gap={8} wrap>
                  <Button size="large" onClick={() => setUsing({ id: key.id, label: key.label })}>
                    {t('care.keyUse')}
                  </Button>
                  <Button size="large" onClick={() => setReturning(key)}>
                    {t('care.keyReturn')}
                    <span className="linli-visually-hidden"> {key.label}</span>
                  </Button>
                </Flex>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage ? (
        <Button size="large" style={{ marginTop: 8 }} onClick={() => setRegistering(true)}>
          <span aria-hidden="true">＋&nbsp;</span>
          {t('care.keyRegister')}
        </Button>
      ) : null}
      {registering ? <RegisterKeyModal household={household} onClose={() => setRegistering(false)} /> : null}
      {returning ? <ReturnKeyModal keyItem={returning} onClose={() => setReturning(null)} /> : null}
      <Modal
        open={using !== null}
        title={t('care.keyUseTitle', { label: using?.label ?? '' })}
        onCancel={() => setUsing(null)}
        okText={t('care.form.save')}
        cancelText={t('care.cancel')}
        okButtonProps={{ size: 'large', disabled: !reason.trim() || !present.trim(), loading: use.isPending }}
        cancelButtonProps={{ size: 'large' }}
        destroyOnHidden
        afterClose={() => {
          setReason('');
          setPresent('');
          use.reset();
        }}
        onOk={() => {
          if (!using) return;
          use.mutate(
            { keyId: using.id, reason: reason.trim(), present: present.trim() },
            { onSuccess: () => setUsing(null) },
          );
        }}
      >
        {use.isError ? <ErrorAlert error={use.error} style={{ marginBottom: 12 }} /> : null}
        <Form layout="vertical" component="div">
          <Form.Item label={t('care.keyUseReason')} htmlFor="key-reason">
            <Input
              id="key-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('care.keyUsePresent')} htmlFor="key-present">
            <Input
              id="key-present"
              value={present}
              maxLength={200}
              onChange={(e) => setPresent(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
