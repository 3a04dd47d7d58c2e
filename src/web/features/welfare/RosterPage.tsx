import { Alert, Button, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext } from 'react-router';
import type { z } from 'zod';
import type { ZRosterEntry, ZRosterReview } from '../../../shared/contracts/welfare';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { canWriteWelfare } from '../../lib/roles';
import { usePolicies, useReviewRosterEntry, useRoster } from './api';
import { factLabel } from './DecisionView';
import { StateTag } from './StateTag';
import { inUiLanguage } from './text';

type Entry = z.infer<typeof ZRosterEntry>;
type Review = z.infer<typeof ZRosterReview>;

/**
 * The roster (救助名册): who receives what since when, and the yearly review. The server lists the
 * review due soonest first, so overdue households lead; the review itself is one tap, since the server
 * evaluates the household again from its recorded facts.
 */
export function RosterPage() {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const headingId = useId();
  const roster = useRoster();
  const policies = usePolicies();
  const review = useReviewRosterEntry();
  const [result, setResult] = useState<{ name: string; review: Review } | null>(null);
  const write = canWriteWelfare(session.user.role);
  const policyTitle = (policyId: string) => {
    const policy = policies.data?.policies.find((p) => p.id === policyId);
    return policy ? inUiLanguage(policy.title) : policyId;
  };
  const recipients = roster.data?.recipients ?? [];
  return (
    <>
      <BackLink to="/welfare">{t('welfare.heading')}</BackLink>
      <Typography.Title level={1} id={headingId} style={{ fontSize: 30, marginTop: 8 }}>
        {t('welfare.rosterHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('welfare.rosterIntro')}</Typography.Paragraph>
      {result ? <ReviewResult name={result.name} review={result.review} /> : null}
      {review.isError ? <ErrorAlert error={review.error} style={{ marginBottom: 12 }} /> : null}
      {roster.isPending ? (
        <Loading />
      ) : roster.isError ? (
        <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} />
      ) : recipients.length === 0 ? (
        <Typography.Paragraph>{t('welfare.rosterEmpty')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph>
            {t('welfare.rosterCount', {
              count: recipients.length,
              overdue: recipients.filter((r) => r.reviewOverdue).length,
            })}
          </Typography.Paragraph>
          <ul className="linli-list" aria-labelledby={headingId}>
            {recipients.map((r) => (
              <li
                key={r.id}
                className="linli-list-item"
                data-testid="welfare-roster-entry"
                data-overdue={String(r.reviewOverdue)}
              >
                <span style={{ flex: '1 1 220px' }}>
                  <Link to={`/households/${encodeURIComponent(r.household.householdId)}/welfare`}>
                    <span className="linli-hit-name">{r.household.name}</span> · {r.household.address.label}
                  </Link>
                  <br />
                  {policyTitle(r.policyId)}
                  {r.amountFen !== null
                    ? ` · ${t('welfare.amountMonthly', { amount: yuan(r.amountFen) })}`
                    : ''}
                  <br />
                  {t('welfare.rosterSince', { date: shortDate(r.startsOn) })}
                </span>
                <DueTag entry={r} />
                {write ? (
                  <Button
                    size="large"
                    type={r.reviewOverdue ? 'primary' : 'default'}
                    loading={review.isPending && review.variables === r.id}
                    onClick={() =>
                      review.mutate(r.id, {
                        onSuccess: (answer) => setResult({ name: r.household.name, review: answer }),
                      })
                    }
                  >
                    {t('welfare.rosterReview')}
                    <span className="linli-visually-hidden"> {r.household.name}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function DueTag({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  return entry.reviewOverdue ? (
    <StateTag tone="bad">{t('welfare.rosterOverdue', { date: shortDate(entry.reviewDueOn) })}</StateTag>
  ) : (
    <StateTag tone="info">{t('welfare.rosterDue', { date: shortDate(entry.reviewDueOn) })}</StateTag>
  );
}

/** What the review decided, in a sentence, with the decision's own plain-words summary under it. */
function ReviewResult({ name, review }: { name: string; review: Review }) {
  const { t } = useTranslation();
  const { recipient, decision } = review;
  const sentence =
    decision.outcome === 'eligible'
      ? t('welfare.rosterStillEligible', {
          name,
          amount: recipient.amountFen !== null ? yuan(recipient.amountFen) : '—',
          date: shortDate(recipient.reviewDueOn),
        })
      : decision.outcome === 'not_eligible'
        ? t('welfare.rosterEnded', { name, date: shortDate(recipient.endedOn ?? decision.date) })
        : t('welfare.rosterNeedsEvidence', {
            name,
            facts: decision.missingFacts.map((f) => factLabel(t, f)).join('、'),
          });
  return (
    <Alert
      type={decision.outcome === 'eligible' ? 'success' : 'warning'}
      showIcon
      role="status"
      data-testid="welfare-roster-result"
      data-outcome={decision.outcome}
      title={sentence}
      description={decision.explanation.summary}
      style={{ marginBottom: 12 }}
    />
  );
}
