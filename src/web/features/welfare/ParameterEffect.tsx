import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useParameterEffect } from './api';

type Outcome = { outcome: string; amountFen: number | null };

/**
 * What a proposed parameter change would do, so the second person decides knowing it: the counts first
 * (who would start or stop qualifying, whose amount moves), then each household with the reason.
 */
export function ParameterEffect({ changeId }: { changeId: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const effect = useParameterEffect(changeId, true);
  if (effect.isPending) return <Loading />;
  if (effect.isError) return <ErrorAlert error={effect.error} onRetry={() => void effect.refetch()} />;
  const { change, evaluated, changes } = effect.data;
  const eligible = (o: Outcome) => o.outcome === 'eligible';
  const gain = changes.filter((c) => !eligible(c.before) && eligible(c.after)).length;
  const lose = changes.filter((c) => eligible(c.before) && !eligible(c.after)).length;
  const amount = changes.filter((c) => eligible(c.before) && eligible(c.after)).length;
  const describe = (o: Outcome) =>
    `${t(`welfare.outcomes.${o.outcome}`, o.outcome)}${
      o.amountFen !== null ? `，${t('welfare.amountMonthly', { amount: yuan(o.amountFen) })}` : ''
    }`;
  return (
    <section aria-labelledby={headingId} data-testid="welfare-effect" style={{ flex: '1 1 100%' }}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 20 }}>
        {t('welfare.effectHeading')}
      </Typography.Title>
      <Typography.Paragraph data-testid="welfare-effect-counts" style={{ fontSize: 20 }}>
        <strong>
          {t('welfare.effectCounts', { from: shortDate(change.from), evaluated, count: changes.length })}
        </strong>
        {changes.length > 0 ? (
          <>
            <br />
            {t('welfare.effectKinds', { gain, lose, amount })}
          </>
        ) : null}
      </Typography.Paragraph>
      {changes.length === 0 ? (
        <Typography.Paragraph>{t('welfare.effectNone')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {changes.map((c) => (
            <li
              key={c.household.householdId}
              className="linli-list-item"
              data-testid="welfare-effect-household"
            >
              <span style={{ flex: '1 1 220px' }}>
                <Link to={`/households/${encodeURIComponent(c.household.householdId)}/welfare`}>
                  <span className="linli-hit-name">{c.household.name}</span> · {c.household.address.label}
                </Link>
                <br />
                {t('welfare.effectBefore')}：{describe(c.before)}
                <br />
                <strong>
                  {t('welfare.effectAfter')}：{describe(c.after)}
                </strong>
                <br />
                {c.reasons.join('；')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
