import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCarePlan, TCheckin } from '../../../shared/contracts/care';
import { AlertBox, ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PlainTag } from '../../components/PlainTag';
import { ReadAloudButton } from '../../components/ReadAloud';
import { dateTime, shortDate } from '../../lib/dates';
import { clock } from '../../lib/format';
import { useOutbox } from '../../lib/outbox';
import { useCarePlans, useCheckinsToday } from './api';
import { CheckinStateTag, VisitStatusTag } from './CareBits';
import type { CheckinTarget } from './CheckinDialogs';
import { CheckinDialog, OutcomeDialog, usePreloadedDialogs } from './checkinDialogsLazy';

interface Entry {
  plan: TCarePlan;
  checkin: TCheckin | null;
  rank: number;
}

const OPEN_CHECKIN = new Set(['due', 'missed', 'escalated']);

/** Smaller is more urgent; below 5 means "needs me today". */
function rankOf(plan: TCarePlan, checkin: TCheckin | null, now: number): number {
  if (checkin?.state === 'escalated') return 0;
  if (checkin?.state === 'missed') return 1;
  if (plan.visitStatus === 'overdue') return 2;
  if (plan.eventVisitsDue.some((due) => Date.parse(due.dueAt) - now < 24 * 3_600_000)) return 2;
  if (checkin?.state === 'due') return 3;
  if (plan.visitStatus === 'due_soon') return 5;
  return 9;
}

/** What the building leader is to do for this person today, as a sentence with a verb. */
function todoOf(
  plan: TCarePlan,
  checkin: TCheckin | null,
  now: number,
  t: (key: string, options?: Record<string, string>) => string,
): string | null {
  const name = plan.residentName;
  const place = plan.address.label;
  if (checkin?.state === 'missed' || checkin?.state === 'escalated') return t('plain.todo.missed', { name });
  const soon = plan.eventVisitsDue.find((due) => Date.parse(due.dueAt) - now < 24 * 3_600_000);
  if (soon) {
    return t('plain.todo.visitAfterEvent', {
      kind: t(`care.eventKinds.${soon.kind}`),
      name,
      place,
      at: dateTime(soon.dueAt),
    });
  }
  if (plan.visitStatus === 'overdue') return t('plain.todo.visit', { name, place });
  if (checkin?.state === 'due') {
    return plan.checkin?.ways.includes('phone_call')
      ? t('plain.todo.callFor', { name })
      : t('plain.todo.waitFor', { name, time: clock(checkin.dueAt) });
  }
  return null;
}

/**
 * The building leader's "who do I look in on today": check-ins due, missed or escalated, visits due —
 * those needing them today on top, each with the big buttons "Checked in" and "Visited".
 */
export function CareToday() {
  usePreloadedDialogs();
  const { t } = useTranslation();
  const plans = useCarePlans();
  const today = useCheckinsToday();
  const headingId = useId();
  const laterId = useId();
  const [checkinFor, setCheckinFor] = useState<CheckinTarget | null>(null);
  const [outcomeFor, setOutcomeFor] = useState<CheckinTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { waiting } = useOutbox();
  const waitingPlans = new Set(
    waiting.flatMap((item) => ('planId' in item.label ? [item.label.planId] : [])),
  );

  if (plans.isPending) return <Loading />;
  if (plans.isError) return <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />;

  const byPlan = new Map<string, TCheckin>();
  for (const person of today.data?.people ?? [])
    for (const item of person.items) byPlan.set(item.planId, item);
  const now = Date.now();
  const entries: Entry[] = plans.data.items
    .map((plan) => {
      const checkin = byPlan.get(plan.id) ?? null;
      return { plan, checkin, rank: rankOf(plan, checkin, now) };
    })
    .sort((a, b) => a.rank - b.rank || a.plan.address.label.localeCompare(b.plan.address.label));
  const needs = entries.filter((e) => e.rank < 5);
  const later = entries.filter((e) => e.rank >= 5);

  const renderItem = ({ plan, checkin, rank }: Entry) => {
    const target: CheckinTarget = {
      planId: plan.id,
      residentName: plan.residentName,
      ways: plan.checkin?.ways,
      place: plan.address.label,
      householdId: plan.householdId,
    };
    const open = checkin !== null && OPEN_CHECKIN.has(checkin.state);
    const climbing = checkin?.state === 'missed' || checkin?.state === 'escalated';
    const todo = rank < 5 ? todoOf(plan, checkin, now, t) : null;
    return (
      <li
        key={plan.id}
        className={`linli-list-item linli-care-item linli-readable${climbing ? ' linli-care-alarm' : ''}`}
        data-testid="care-item"
        data-plan-id={plan.id}
      >
        <div style={{ flex: '1 1 100%' }}>
          {todo ? (
            <div className="linli-todo" data-testid="care-todo">
              {todo}
            </div>
          ) : null}
          <div className="linli-hit-name">{plan.residentName}</div>
          <Link to={`/households/${plan.householdId}`} className="linli-strong-link">
            {plan.address.label}
          </Link>
          <div className="linli-tags" style={{ marginBlock: 4 }}>
            {checkin ? <CheckinStateTag state={checkin.state} /> : null}
            <VisitStatusTag status={plan.visitStatus} />
            {waitingPlans.has(plan.id) ? (
              <PlainTag
                color="#3730a3"
                style={{ fontSize: 17, padding: '4px 10px' }}
                data-testid="care-waiting"
              >
                <span aria-hidden="true">⇪&nbsp;</span>
                {t('care.waitingOnPhone')}
              </PlainTag>
            ) : null}
          </div>
          {checkin && checkin.state === 'due' ? (
            <div>{t('care.dueAt', { time: clock(checkin.dueAt) })}</div>
          ) : null}
          {checkin?.way ? (
            <div>
              {t('care.recordedBy', { who: checkin.recordedBy ?? '', way: t(`care.ways.${checkin.way}`) })}
            </div>
          ) : null}
          {checkin?.outcome ? <div>{t(`care.outcomes.${checkin.outcome}`)}</div> : null}
          {climbing && checkin && checkin.ladderStep > 0 ? (
            <div className="linli-overdue">{t(`care.ladderSteps.${Math.min(3, checkin.ladderStep)}`)}</div>
          ) : null}
          {plan.eventVisitsDue.map((due) => (
            <div key={due.eventId} className="linli-overdue">
              {t('care.eventVisitDue', { kind: t(`care.eventKinds.${due.kind}`), at: dateTime(due.dueAt) })}
            </div>
          ))}
          <div>
            {plan.lastVisitAt
              ? t('care.lastVisit', { at: shortDate(plan.lastVisitAt) })
              : t('care.noVisitYet')}
            {' · '}
            {t('care.nextVisit', { at: shortDate(plan.nextVisitDueAt) })}
          </div>
        </div>
        <div className="linli-flex" style={{ width: '100%', alignItems: 'normal' }}>
          <ReadAloudButton />
          {open ? (
            <button
              type="button"
              className="linli-button linli-button-primary linli-button-lg linli-care-button"
              data-testid="checked-in"
              onClick={() => setCheckinFor(target)}
            >
              <span aria-hidden="true">✓&nbsp;</span>
              {t('care.checkedIn')}
              <span className="linli-visually-hidden"> {plan.residentName}</span>
            </button>
          ) : null}
          <Link
            to={`/care/plans/${plan.id}/visit`}
            className="linli-button-link linli-care-button"
            data-testid="visited"
          >
            <span aria-hidden="true">⌂&nbsp;</span>
            {t('care.visited')}
            <span className="linli-visually-hidden"> {plan.residentName}</span>
          </Link>
          {climbing ? (
            <button
              type="button"
              className="linli-button linli-button-danger linli-button-lg linli-care-button"
              data-testid="record-outcome"
              onClick={() => setOutcomeFor(target)}
            >
              {t('care.outcome')}
              <span className="linli-visually-hidden"> {plan.residentName}</span>
            </button>
          ) : null}
        </div>
      </li>
    );
  };

  return (
    <section
      aria-labelledby={headingId}
      data-testid="care-today"
      className="linli-readable"
      style={{ marginBottom: 24 }}
    >
      <h2 id={headingId} className="linli-h2" style={{ fontSize: 26 }}>
        {t('care.todayHeading')}
      </h2>
      <ReadAloudButton />
      {notice ? (
        <AlertBox
          tone="success"
          role="status"
          title={notice}
          closeLabel={t('care.cancel')}
          onClose={() => setNotice(null)}
          style={{ marginBottom: 12 }}
          data-testid="care-notice"
        />
      ) : null}
      {today.isError ? <ErrorAlert error={today.error} onRetry={() => void today.refetch()} /> : null}
      {entries.length === 0 ? (
        <p className="linli-p">{t('care.todayEmpty')}</p>
      ) : (
        <>
          <p className="linli-p">{t('care.todayIntro')}</p>
          {needs.length > 0 ? (
            <ul className="linli-list" aria-labelledby={headingId} data-testid="care-needs-today">
              {needs.map(renderItem)}
            </ul>
          ) : null}
          {later.length > 0 ? (
            <>
              <h3 id={laterId} className="linli-h3" style={{ fontSize: 22, marginTop: 16 }}>
                {t('care.later')}
              </h3>
              <ul className="linli-list" aria-labelledby={laterId}>
                {later.map(renderItem)}
              </ul>
            </>
          ) : null}
        </>
      )}
      <CheckinDialog
        target={checkinFor}
        onClose={(saved) => {
          setCheckinFor(null);
          if (saved) setNotice(saved);
        }}
      />
      <OutcomeDialog
        target={outcomeFor}
        onClose={(saved) => {
          setOutcomeFor(null);
          if (saved) setNotice(saved);
        }}
      />
    </section>
  );
}
