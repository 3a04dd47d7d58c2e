import { Button, Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ZGrant } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate, todayIso } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useCompleteGrantPapers, useGrants } from './api';
import { StateTag } from './StateTag';

type Grant = z.infer<typeof ZGrant>;

function PapersTag({ grant }: { grant: Grant }) {
  const { t } = useTranslation();
  if (grant.papersCompletedOn) {
    return (
      <StateTag tone="good">{t('welfare.papersDone', { date: shortDate(grant.papersCompletedOn) })}</StateTag>
    );
  }
  if (!grant.papersDueOn) return null;
  return grant.papersOverdue ? (
    <StateTag tone="bad">{t('welfare.papersOverdue', { date: shortDate(grant.papersDueOn) })}</StateTag>
  ) : (
    <StateTag tone="pending">{t('welfare.papersDue', { date: shortDate(grant.papersDueOn) })}</StateTag>
  );
}

/**
 * Emergency aid paid, papers due and overdue first (the server's order): aid on the fast path is paid
 * before the papers, so someone has to chase them, and this is where they see whom.
 */
export function GrantsLedger({ write }: { write: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const grants = useGrants();
  const complete = useCompleteGrantPapers();
  return (
    <section aria-labelledby={headingId} data-testid="welfare-grants" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.grantsHeading')}
      </Typography.Title>
      {complete.isError ? <ErrorAlert error={complete.error} style={{ marginBottom: 12 }} /> : null}
      {grants.isPending ? (
        <Loading />
      ) : grants.isError ? (
        <ErrorAlert error={grants.error} onRetry={() => void grants.refetch()} />
      ) : grants.data.grants.length === 0 ? (
        <Typography.Paragraph>{t('welfare.listEmpty')}</Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph>
            {t('welfare.grantsTotal', { amount: yuan(grants.data.totalFen) })}
          </Typography.Paragraph>
          <ul className="linli-list" aria-labelledby={headingId}>
            {grants.data.grants.map((g) => (
              <li
                key={g.id}
                className="linli-list-item"
                data-testid="welfare-grant"
                data-overdue={String(g.papersOverdue)}
              >
                <span style={{ flex: '1 1 220px' }}>
                  <Link to={`/households/${encodeURIComponent(g.household.householdId)}/welfare`}>
                    <span className="linli-hit-name">{g.household.name}</span> · {g.household.address.label}
                  </Link>
                  <br />
                  {yuan(g.amountFen)} · {t(`welfare.hardships.${g.hardship}`)} · {shortDate(g.paidOn)}
                  <br />
                  {g.reason}
                </span>
                <PapersTag grant={g} />
                {write && g.papersDueOn && !g.papersCompletedOn ? (
                  <Button
                    size="large"
                    loading={complete.isPending}
                    onClick={() => complete.mutate({ grantId: g.id, completedOn: todayIso() })}
                  >
                    {t('welfare.papersComplete')}
                    <span className="linli-visually-hidden"> {g.household.name}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
