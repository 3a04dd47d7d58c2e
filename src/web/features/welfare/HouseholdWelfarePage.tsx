import { Alert, Button, Flex, Form, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import type { THousehold } from '../../../shared/contracts/registry';
import type { TDecision } from '../../../shared/contracts/welfare';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { dateTime, shortDate } from '../../lib/dates';
import { useHousehold } from '../../lib/queries';
import { canGrantAid, canWriteWelfare } from '../../lib/roles';
import { ApplicationModal } from './ApplicationModal';
import { useDecisions, useEvaluate, useHouseholdFacts, usePolicies } from './api';
import { DecisionView, OutcomeTag } from './DecisionView';
import { EmergencyAidModal } from './EmergencyAidModal';
import { FactsForm } from './FactsForm';
import { NeighbourCompare } from './NeighbourCompare';
import { RegisterFacts } from './RegisterFacts';
import { inUiLanguage } from './text';

const HARDSHIPS = ['none', 'illness', 'accident', 'disaster'] as const;
type Hardship = (typeof HARDSHIPS)[number];

/** One household's welfare at the door: its facts, a decision against a chosen policy, and what follows. */
export function HouseholdWelfarePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const household = useHousehold(id);
  return (
    <>
      <BackLink to={`/households/${encodeURIComponent(id)}`}>{t('welfare.backHousehold')}</BackLink>
      {household.isPending ? (
        <Loading />
      ) : household.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('welfare.heading')}</h1>
          <ErrorAlert error={household.error} onRetry={() => void household.refetch()} />
        </>
      ) : (
        <HouseholdWelfare household={household.data} />
      )}
    </>
  );
}

function HouseholdWelfare({ household }: { household: THousehold }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const write = canWriteWelfare(session.user.role);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('welfare.householdHeading', { label: household.address.label })}
      </Typography.Title>
      {notice ? (
        <Alert type="success" showIcon role="status" title={notice} style={{ marginBottom: 12 }} />
      ) : null}
      <FactsSection
        householdId={household.id}
        write={write}
        onSaved={() => setNotice(t('welfare.factsSaved'))}
        onNotice={setNotice}
      />
      {canGrantAid(session.user.role) ? <AidSection householdId={household.id} onNotice={setNotice} /> : null}
      <EvaluateSection household={household} write={write} onNotice={setNotice} />
    </>
  );
}

/** Emergency aid straight from the household (issue 20): how the subdistrict, which does not evaluate, applies. */
function AidSection({ householdId, onNotice }: { householdId: string; onNotice: (message: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div style={{ marginBottom: 24 }}>
      <Button size="large" danger block onClick={() => setOpen(true)}>
        {t('welfareRegister.aidButton')}
      </Button>
      {open ? (
        <EmergencyAidModal
          householdId={householdId}
          onClose={(message) => {
            setOpen(false);
            if (message) onNotice(message);
          }}
        />
      ) : null}
    </div>
  );
}

function FactsSection({
  householdId,
  write,
  onSaved,
  onNotice,
}: {
  householdId: string;
  write: boolean;
  onSaved: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const facts = useHouseholdFacts(householdId);
  const [editing, setEditing] = useState(false);
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.factsHeading')}
      </Typography.Title>
      {facts.isPending ? (
        <Loading />
      ) : facts.isError ? (
        <ErrorAlert error={facts.error} onRetry={() => void facts.refetch()} />
      ) : (
        <>
          <Typography.Paragraph data-testid="welfare-facts-recorded">
            {facts.data.recordedAt
              ? t('welfare.factsRecorded', {
                  at: dateTime(facts.data.recordedAt),
                  by: facts.data.recordedBy ?? '—',
                })
              : t('welfare.noFacts')}
          </Typography.Paragraph>
          <RegisterFacts householdId={householdId} facts={facts.data} write={write} onSaved={onNotice} />
          {write && !editing ? (
            <Button size="large" onClick={() => setEditing(true)}>
              {t('welfare.editFacts')}
            </Button>
          ) : null}
          {editing ? (
            <FactsForm
              householdId={householdId}
              facts={facts.data.facts}
              note={facts.data.note}
              onSaved={() => {
                setEditing(false);
                onSaved();
              }}
            />
          ) : null}
        </>
      )}
    </section>
  );
}

function EvaluateSection({
  household,
  write,
  onNotice,
}: {
  household: THousehold;
  write: boolean;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const policies = usePolicies();
  const decisions = useDecisions(household.id);
  const evaluate = useEvaluate(household.id);
  const facts = useHouseholdFacts(household.id);
  const [policyId, setPolicyId] = useState('dibao');
  // The hardship recorded with the facts is the starting answer; the worker at the door may change it.
  const [chosenHardship, setHardship] = useState<Hardship | null>(null);
  const hardship = chosenHardship ?? HARDSHIPS.find((h) => h === facts.data?.facts.hardship) ?? 'none';
  const [shownId, setShownId] = useState<string | null>(null);
  const [filing, setFiling] = useState(false);
  const [aid, setAid] = useState(false);
  // The list is fetched in the UI language, so after a language switch the shown decision follows it.
  const shown: TDecision | undefined =
    decisions.data?.decisions.find((d) => d.id === shownId) ??
    (evaluate.data?.id === shownId ? evaluate.data : undefined);

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.evaluateHeading')}
      </Typography.Title>
      {write ? (
        <Form layout="vertical" component="div">
          <Form.Item label={t('welfare.policy')} htmlFor="evaluate-policy">
            <Select
              id="evaluate-policy"
              size="large"
              loading={policies.isPending}
              value={policyId}
              onChange={(value: string) => setPolicyId(value)}
              options={(policies.data?.policies ?? []).map((p) => ({
                value: p.id,
                label: inUiLanguage(p.title),
              }))}
            />
          </Form.Item>
          <Form.Item label={t('welfare.facts.hardship')} htmlFor="evaluate-hardship">
            <Select
              id="evaluate-hardship"
              size="large"
              value={hardship}
              onChange={(value: Hardship) => setHardship(value)}
              options={HARDSHIPS.map((value) => ({ value, label: t(`welfare.hardships.${value}`) }))}
            />
          </Form.Item>
          {evaluate.isError ? <ErrorAlert error={evaluate.error} style={{ marginBottom: 12 }} /> : null}
          <Button
            type="primary"
            size="large"
            block
            loading={evaluate.isPending}
            onClick={() =>
              evaluate.mutate(
                { policyId, ...(hardship === 'none' ? {} : { hardship }) },
                { onSuccess: (d) => setShownId(d.id) },
              )
            }
          >
            {t('welfare.evaluate')}
          </Button>
        </Form>
      ) : null}
      {shown ? (
        <>
          <DecisionView decision={shown} />
          {write ? <NeighbourCompare key={shown.id} decision={shown} /> : null}
          {write && shown.proposeEmergencyAid ? (
            <Alert
              type="warning"
              showIcon
              title={t('welfare.aidProposed')}
              action={
                <Button size="large" danger onClick={() => setAid(true)}>
                  {t('welfare.aidOpen')}
                </Button>
              }
              style={{ marginBottom: 12 }}
            />
          ) : null}
          {write ? (
            <Button type="primary" size="large" block onClick={() => setFiling(true)}>
              {t('welfare.file')}
            </Button>
          ) : null}
          {filing ? (
            <ApplicationModal
              household={household}
              policyId={shown.policyId}
              onClose={(filed) => {
                setFiling(false);
                if (filed) onNotice(t('welfare.filed'));
              }}
            />
          ) : null}
          {aid ? (
            <EmergencyAidModal
              householdId={household.id}
              decision={shown}
              onClose={(message) => {
                setAid(false);
                if (message) onNotice(message);
              }}
            />
          ) : null}
        </>
      ) : null}
      <PastDecisions decisions={decisions.data?.decisions ?? []} onShow={setShownId} shownId={shownId} />
    </section>
  );
}

function PastDecisions({
  decisions,
  shownId,
  onShow,
}: {
  decisions: TDecision[];
  shownId: string | null;
  onShow: (id: string) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  if (decisions.length === 0) return null;
  return (
    <>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 20, marginTop: 24 }}>
        {t('welfare.pastDecisions')}
      </Typography.Title>
      <ul className="linli-list" aria-labelledby={headingId}>
        {decisions.slice(0, 10).map((d) => (
          <li key={d.id} className="linli-list-item">
            <Flex gap={8} align="center" wrap style={{ flex: '1 1 220px' }}>
              <span>
                {d.policyTitle} · {shortDate(d.date)}
              </span>
              <OutcomeTag outcome={d.outcome} />
            </Flex>
            {d.id === shownId ? null : (
              <Button size="large" onClick={() => onShow(d.id)}>
                {t('welfare.showDecision')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
