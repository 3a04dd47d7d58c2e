import { Alert, Button, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { dateTime } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { useApproveGrantRequest, useCommitteeDesk, useGrantRequests } from './api';

/** Who may answer a request waiting for a role: that role or one above it (the server also refuses the requester). */
const RANK: Partial<Record<Role | 'district', number>> = {
  worker: 1,
  committee: 2,
  subdistrict: 3,
  district: 4,
};

/**
 * Emergency aid above someone's limit waits here for the role named (issue 20), each line saying who
 * asked, how much, and who approves; those allowed approve it here and it is paid at once.
 */
export function AidWaiting({ role }: { role: Role }) {
  const { t } = useTranslation();
  const headingId = useId();
  const requests = useGrantRequests();
  const approve = useApproveGrantRequest();
  const [done, setDone] = useState<string | null>(null);
  const mine = RANK[role] ?? 0;
  return (
    <section aria-labelledby={headingId} data-testid="welfare-aid-waiting" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfareRegister.waitingHeading')}
      </Typography.Title>
      {done ? (
        <Alert type="success" showIcon role="status" title={done} style={{ marginBottom: 12 }} />
      ) : null}
      {approve.isError ? <ErrorAlert error={approve.error} style={{ marginBottom: 12 }} /> : null}
      {requests.isPending ? null : requests.isError ? (
        <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />
      ) : requests.data.requests.length === 0 ? (
        <Typography.Paragraph>{t('welfareRegister.waitingNone')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {requests.data.requests.map((r) => (
            <li key={r.id} className="linli-list-item" data-testid="welfare-aid-request">
              <div style={{ flex: '1 1 260px' }}>
                <div className="linli-hit-name">
                  {r.household.name} · {r.household.address.label}
                </div>
                <div>
                  {t('welfareRegister.waitingLine', {
                    amount: yuan(r.amountFen),
                    hardship: t(`welfare.hardships.${r.hardship}`),
                    by: r.requestedBy,
                    role: t(`roles.${r.requestedByRole}`, { defaultValue: r.requestedByRole }),
                    at: dateTime(r.requestedAt),
                  })}
                </div>
                <div>{r.reason}</div>
                <strong>
                  {t('welfareRegister.waitingFor', { who: t(`welfareRegister.approvers.${r.waitsFor}`) })}
                </strong>
              </div>
              {mine >= (RANK[r.waitsFor] ?? 99) ? (
                <Button
                  type="primary"
                  size="large"
                  loading={approve.isPending && approve.variables === r.id}
                  onClick={() =>
                    approve.mutate(r.id, {
                      onSuccess: (g) => setDone(t('welfareRegister.approved', { amount: yuan(g.amountFen) })),
                    })
                  }
                >
                  {t('welfareRegister.approve')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The committee's notes of aid granted or waiting for its community's households (issue 20). */
export function CommitteeDeskNotes() {
  const { t } = useTranslation();
  const headingId = useId();
  const desk = useCommitteeDesk();
  return (
    <section aria-labelledby={headingId} data-testid="welfare-committee-desk" style={{ marginBlock: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfareRegister.deskHeading')}
      </Typography.Title>
      {desk.isPending ? null : desk.isError ? (
        <ErrorAlert error={desk.error} onRetry={() => void desk.refetch()} />
      ) : desk.data.notes.length === 0 ? (
        <Typography.Paragraph>{t('welfareRegister.deskNone')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {desk.data.notes.slice(0, 20).map((n) => (
            <li key={n.id} className="linli-list-item" data-testid="welfare-desk-note">
              <span style={{ flex: '1 1 260px', fontSize: 18 }}>{n.text}</span>
              <span>{dateTime(n.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
