import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Flex, Form, Input, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  POLICY_FORMS,
  SAID_BACK,
  type TCarePlan,
  type TCarePlanList,
  type TVisit,
  type TVisitInput,
  VISIT_ACTIVITIES,
  VISIT_HOW,
} from '../../../shared/contracts/care';
import { BackLink } from '../../components/BackLink';
import { DateTimeField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { isApiError } from '../../lib/api';
import { dismissRefused, submitVisit } from '../../lib/outbox';
import { careKeys, useCarePlan, useFollowUpReport } from './api';

type PolicyForm = (typeof POLICY_FORMS)[number];
type SaidBack = (typeof SAID_BACK)[number];
type Activity = (typeof VISIT_ACTIVITIES)[number];
type How = (typeof VISIT_HOW)[number];

interface PolicyDraft {
  key: number;
  policy: string;
  forms: PolicyForm[];
  language: string;
  saidBack: SaidBack | undefined;
}
interface FollowUpDraft {
  key: number;
  text: string;
  health: boolean;
}

/** `YYYY-MM-DDTHH:MM` in this device's time, for a datetime-local input. */
function localNow(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** The plan as a list this phone already loaded shows it, so the form opens in a stairwell with no signal. */
function usePlanSeenInLists(planId: string): TCarePlan | undefined {
  const queryClient = useQueryClient();
  for (const [, list] of queryClient.getQueriesData<TCarePlanList>({
    queryKey: [...careKeys.all, 'plans'],
  })) {
    const found = list?.items.find((p) => p.id === planId);
    if (found) return found;
  }
  return undefined;
}

export function VisitFormPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const plan = useCarePlan(id);
  const seen = usePlanSeenInLists(id);
  const unreachable = plan.isError && isApiError(plan.error) && plan.error.status === 0;
  const offline = plan.isPending || unreachable ? seen : undefined;
  return (
    <>
      <BackLink to="/">{t('care.backHome')}</BackLink>
      {offline ? (
        <VisitForm plan={offline} />
      ) : plan.isPending ? (
        <Loading />
      ) : plan.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('care.visited')}</h1>
          <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />
        </>
      ) : (
        <VisitForm plan={plan.data} />
      )}
    </>
  );
}

let nextKey = 1;

function VisitForm({ plan }: { plan: TCarePlan }) {
  const { t } = useTranslation();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [result, setResult] = useState<{ status: 'sent'; visit: TVisit } | { status: 'waiting' } | null>(
    null,
  );
  const [when, setWhen] = useState(localNow);
  const [how, setHow] = useState<How>('in_person');
  const [activities, setActivities] = useState<Activity[]>([]);
  const [healthWorse, setHealthWorse] = useState(false);
  const [healthDetail, setHealthDetail] = useState('');
  const [needsSomething, setNeedsSomething] = useState(false);
  const [needsDetail, setNeedsDetail] = useState('');
  const [policies, setPolicies] = useState<PolicyDraft[]>([]);
  const [followUps, setFollowUps] = useState<FollowUpDraft[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = {
    how: useId(),
    did: useId(),
    seen: useId(),
    policy: useId(),
    follow: useId(),
  };

  if (result?.status === 'sent') return <VisitSaved plan={plan} visit={result.visit} />;
  if (result?.status === 'waiting') return <VisitWaiting plan={plan} />;

  const explaining = activities.includes('policy_explained');
  const setActivityList = (list: Activity[]) => {
    setActivities(list);
    if (list.includes('policy_explained') && policies.length === 0) {
      setPolicies([{ key: nextKey++, policy: '', forms: [], language: '', saidBack: undefined }]);
    }
  };
  const updatePolicy = (key: number, change: Partial<PolicyDraft>) =>
    setPolicies((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const updateFollowUp = (key: number, change: Partial<FollowUpDraft>) =>
    setFollowUps((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const submit = async () => {
    setProblem(null);
    setRefusal(null);
    const usedPolicies = explaining ? policies.filter((p) => p.policy.trim() !== '') : [];
    if (usedPolicies.some((p) => p.forms.length === 0 || !p.saidBack)) {
      setProblem(`${t('care.policyForms')} · ${t('care.saidBackLabel')}`);
      return;
    }
    const visitedAt = new Date(when);
    const body: TVisitInput = {
      ...(Number.isNaN(visitedAt.getTime()) ? {} : { visitedAt: visitedAt.toISOString() }),
      how,
      activities,
      healthWorse,
      ...(healthWorse && healthDetail.trim() ? { healthDetail: healthDetail.trim() } : {}),
      needsSomething,
      ...(needsSomething && needsDetail.trim() ? { needsDetail: needsDetail.trim() } : {}),
      policies: usedPolicies.map((p) => ({
        policy: p.policy.trim(),
        forms: p.forms,
        ...(p.language.trim() ? { language: p.language.trim() } : {}),
        saidBack: p.saidBack ?? 'no',
      })),
      followUps: followUps
        .filter((f) => f.text.trim() !== '')
        .map((f) => ({ text: f.text.trim(), health: f.health })),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setSaving(true);
    try {
      const outcome = await submitVisit(body, {
        residentName: plan.residentName,
        place: plan.address.label,
        planId: plan.id,
        householdId: plan.householdId,
      });
      if (outcome.status === 'refused') {
        // The form still holds what was entered: the outbox need not keep a copy.
        dismissRefused(outcome.key);
        setRefusal(outcome.message || t('errors.unknown'));
      } else {
        setResult(
          outcome.status === 'sent' ? { status: 'sent', visit: outcome.answer } : { status: 'waiting' },
        );
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }} data-testid="visit-heading">
        {t('care.visitHeading', { name: plan.residentName })}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>{plan.address.label}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.visitWhen')} htmlFor="visit-when">
          <DateTimeField
            id="visit-when"
            value={when}
            max={localNow()}
            onChange={setWhen}
            timeLabel={`${t('care.visitWhen')} · ${t('care.visitTime')}`}
          />
        </Form.Item>
      </Form>
      <fieldset className="linli-fieldset">
        <legend id={ids.how} className="linli-subheading">
          {t('care.visitHow')}
        </legend>
        <Radio.Group
          aria-labelledby={ids.how}
          className="linli-choice-grid"
          optionType="button"
          value={how}
          onChange={(e) => setHow(e.target.value as How)}
          options={VISIT_HOW.map((value) => ({ value, label: t(`care.how.${value}`) }))}
        />
      </fieldset>
      <fieldset className="linli-fieldset">
        <legend id={ids.did} className="linli-subheading">
          {t('care.visitDid')}
        </legend>
        <Checkbox.Group
          aria-labelledby={ids.did}
          className="linli-checks linli-chip-checks"
          value={activities}
          onChange={(list) => setActivityList(list as Activity[])}
          options={VISIT_ACTIVITIES.map((value) => ({ value, label: t(`care.activities.${value}`) }))}
          data-testid="visit-activities"
        />
      </fieldset>
      {explaining ? (
        <fieldset className="linli-fieldset" data-testid="visit-policies">
          <legend id={ids.policy} className="linli-subheading">
            {t('care.policyHeading')}
          </legend>
          {policies.map((p, index) => (
            <PolicyFields
              key={p.key}
              index={index}
              draft={p}
              onChange={(change) => updatePolicy(p.key, change)}
              onRemove={() => setPolicies((list) => list.filter((x) => x.key !== p.key))}
            />
          ))}
          <Button
            size="large"
            onClick={() =>
              setPolicies((list) => [
                ...list,
                { key: nextKey++, policy: '', forms: [], language: '', saidBack: undefined },
              ])
            }
          >
            <span aria-hidden="true">＋&nbsp;</span>
            {t('care.addPolicy')}
          </Button>
        </fieldset>
      ) : null}
      <fieldset className="linli-fieldset">
        <legend id={ids.seen} className="linli-subheading">
          {t('care.visitSeen')}
        </legend>
        <div className="linli-checks-column">
          <Checkbox checked={healthWorse} onChange={(e) => setHealthWorse(e.target.checked)}>
            {t('care.healthWorse')}
          </Checkbox>
          {healthWorse ? (
            <Form layout="vertical" component="div">
              <Form.Item label={t('care.healthDetail')} htmlFor="visit-health">
                <Input.TextArea
                  id="visit-health"
                  value={healthDetail}
                  maxLength={2000}
                  autoSize={{ minRows: 2 }}
                  onChange={(e) => setHealthDetail(e.target.value)}
                />
              </Form.Item>
            </Form>
          ) : null}
          <Checkbox checked={needsSomething} onChange={(e) => setNeedsSomething(e.target.checked)}>
            {t('care.needsSomething')}
          </Checkbox>
          {needsSomething ? (
            <Form layout="vertical" component="div">
              <Form.Item label={t('care.needsDetail')} htmlFor="visit-needs">
                <Input.TextArea
                  id="visit-needs"
                  value={needsDetail}
                  maxLength={2000}
                  autoSize={{ minRows: 2 }}
                  onChange={(e) => setNeedsDetail(e.target.value)}
                />
              </Form.Item>
            </Form>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="linli-fieldset">
        <legend id={ids.follow} className="linli-subheading">
          {t('care.followUpsHeading')}
        </legend>
        {followUps.map((f, index) => (
          <div key={f.key} className="linli-subform">
            <Form layout="vertical" component="div">
              <Form.Item label={`${t('care.followUpText')} ${index + 1}`} htmlFor={`followup-${f.key}`}>
                <Input.TextArea
                  id={`followup-${f.key}`}
                  value={f.text}
                  maxLength={2000}
                  autoSize={{ minRows: 2 }}
                  onChange={(e) => updateFollowUp(f.key, { text: e.target.value })}
                />
              </Form.Item>
            </Form>
            <Flex gap={8} wrap align="center">
              <Checkbox
                checked={f.health}
                onChange={(e) => updateFollowUp(f.key, { health: e.target.checked })}
              >
                {t('care.followUpHealth')}
              </Checkbox>
              <Button
                size="large"
                onClick={() => setFollowUps((list) => list.filter((x) => x.key !== f.key))}
              >
                {t('care.removeFollowUp')}
              </Button>
            </Flex>
          </div>
        ))}
        <Button
          size="large"
          onClick={() => setFollowUps((list) => [...list, { key: nextKey++, text: '', health: false }])}
        >
          <span aria-hidden="true">＋&nbsp;</span>
          {t('care.addFollowUp')}
        </Button>
      </fieldset>
      <Form layout="vertical" component="div">
        <Form.Item label={t('care.visitNote')} htmlFor="visit-note">
          <Input.TextArea
            id="visit-note"
            value={note}
            maxLength={2000}
            autoSize={{ minRows: 2 }}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
      {problem ? (
        <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />
      ) : null}
      {refusal ? (
        <Alert type="error" showIcon role="alert" title={refusal} style={{ marginBottom: 12 }} />
      ) : null}
      <Button
        type="primary"
        size="large"
        block
        loading={saving}
        onClick={() => void submit()}
        data-testid="visit-save"
        style={{ minHeight: 64, fontSize: 22 }}
      >
        {t('care.visitSave')}
      </Button>
    </>
  );
}

function PolicyFields({
  index,
  draft,
  onChange,
  onRemove,
}: {
  index: number;
  draft: PolicyDraft;
  onChange: (change: Partial<PolicyDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const formsId = useId();
  const saidId = useId();
  return (
    <div className="linli-subform" data-testid="policy-fields">
      <Form layout="vertical" component="div">
        <Form.Item
          label={`${t('care.policyName')}${index > 0 ? ` ${index + 1}` : ''}`}
          htmlFor={`policy-${draft.key}`}
        >
          <Input
            id={`policy-${draft.key}`}
            value={draft.policy}
            maxLength={200}
            onChange={(e) => onChange({ policy: e.target.value })}
          />
        </Form.Item>
      </Form>
      <div id={formsId} className="linli-stat-label">
        {t('care.policyForms')}
      </div>
      <Checkbox.Group
        aria-labelledby={formsId}
        className="linli-checks"
        value={draft.forms}
        onChange={(list) => onChange({ forms: list as PolicyForm[] })}
        options={POLICY_FORMS.map((value) => ({ value, label: t(`care.forms.${value}`) }))}
      />
      <Form layout="vertical" component="div" style={{ marginTop: 8 }}>
        <Form.Item label={t('care.policyLanguage')} htmlFor={`policy-lang-${draft.key}`}>
          <Input
            id={`policy-lang-${draft.key}`}
            value={draft.language}
            maxLength={40}
            onChange={(e) => onChange({ language: e.target.value })}
          />
        </Form.Item>
      </Form>
      <div id={saidId} className="linli-stat-label">
        {t('care.saidBackLabel')}
      </div>
      <Radio.Group
        aria-labelledby={saidId}
        className="linli-choice-grid"
        optionType="button"
        value={draft.saidBack}
        onChange={(e) => onChange({ saidBack: e.target.value as SaidBack })}
        options={SAID_BACK.map((value) => ({ value, label: t(`care.saidBack.${value}`) }))}
      />
      {index > 0 ? (
        <Button size="large" style={{ marginTop: 8 }} onClick={onRemove}>
          {t('care.removePolicy')}
        </Button>
      ) : null}
    </div>
  );
}

/** Kept on the phone: it goes by itself when the signal returns, and waits in the list on the home page. */
function VisitWaiting({ plan }: { plan: TCarePlan }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }} data-testid="visit-heading">
        {t('care.visitHeading', { name: plan.residentName })}
      </Typography.Title>
      <Alert type="info" showIcon role="status" title={t('care.visitWaiting')} data-testid="visit-waiting" />
      <Flex gap={12} wrap style={{ marginTop: 16 }}>
        <Link to="/" className="linli-button-link">
          {t('care.backHome')}
        </Link>
      </Flex>
    </>
  );
}

function VisitSaved({ plan, visit }: { plan: TCarePlan; visit: TVisit }) {
  const { t } = useTranslation();
  const toReport = useFollowUpReport();
  const [made, setMade] = useState<Record<string, string>>({});
  const headingId = useId();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 28, marginTop: 8 }} data-testid="visit-heading">
        {t('care.visitHeading', { name: plan.residentName })}
      </Typography.Title>
      <Alert type="success" showIcon role="status" title={t('care.visitSaved')} data-testid="visit-saved" />
      {visit.followUps.length > 0 ? (
        <section aria-labelledby={headingId} style={{ marginTop: 16 }}>
          <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
            {t('care.followUpsHeading')}
          </Typography.Title>
          {toReport.isError ? <ErrorAlert error={toReport.error} style={{ marginBottom: 12 }} /> : null}
          <ul className="linli-list" aria-labelledby={headingId}>
            {visit.followUps.map((f) => {
              const reportId = made[f.id] ?? f.reportId;
              return (
                <li key={f.id} className="linli-list-item" data-testid="visit-followup">
                  <span style={{ flex: '1 1 100%' }}>{f.text ?? t('care.healthHidden')}</span>
                  {reportId ? (
                    <Link to={`/reports/${reportId}`} className="linli-button-link">
                      {t('care.openReport')}
                    </Link>
                  ) : (
                    <Flex gap={8} wrap>
                      <Button
                        type="primary"
                        size="large"
                        loading={toReport.isPending && toReport.variables === f.id}
                        onClick={() =>
                          toReport.mutate(f.id, {
                            onSuccess: (result) => setMade((m) => ({ ...m, [f.id]: result.reportId })),
                          })
                        }
                      >
                        {t('care.toReport')}
                      </Button>
                      <Link
                        to={`/reports/new?householdId=${encodeURIComponent(plan.householdId)}`}
                        className="linli-button-link linli-button-secondary"
                      >
                        {t('care.toReportForm')}
                      </Link>
                    </Flex>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <Flex gap={12} wrap style={{ marginTop: 16 }}>
        <Link to="/" className="linli-button-link">
          {t('care.backHome')}
        </Link>
        <Link to={`/households/${plan.householdId}`} className="linli-button-link linli-button-secondary">
          {t('care.openHousehold')}
        </Link>
      </Flex>
    </>
  );
}
