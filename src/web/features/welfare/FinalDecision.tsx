import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ZApplicationList, ZNotice } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { shortDate } from '../../lib/dates';
import { useCloseApplication, useNoticeApplications } from './api';
import { StateTag } from './StateTag';

type Notice = z.infer<typeof ZNotice>;
type Application = z.infer<typeof ZApplicationList>['applications'][number];

const STATUS_TONE = {
  filed: 'pending',
  reviewed: 'pending',
  on_notice: 'info',
  approved: 'good',
  rejected: 'bad',
  withdrawn: 'bad',
} as const;

/**
 * What still stands in the way of approval: working days of notice left, and objections about this
 * application or the whole notice not yet answered. Mirrors the server's two checks; the server still
 * decides, and its refusal is shown if the page was stale.
 */
function blockers(notice: Notice, application: Application) {
  const open = notice.objections.filter(
    (o) => o.answer === null && (o.applicationId === null || o.applicationId === application.id),
  ).length;
  return { daysLeft: notice.workingDaysLeft, open, ready: notice.workingDaysLeft === 0 && open === 0 };
}

/** The committee's final word on each application of a notice, once the notice period is over. */
export function FinalDecision({ notice, decide }: { notice: Notice; decide: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const applications = useNoticeApplications(notice.id);
  const [closing, setClosing] = useState<{ application: Application; approve: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <section
      aria-labelledby={headingId}
      className="linli-no-print"
      data-testid="welfare-final"
      style={{ marginBlock: 24 }}
    >
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.finalHeading')}
      </Typography.Title>
      <Typography.Paragraph>{t('welfare.finalIntro')}</Typography.Paragraph>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          title={done}
          action={
            <Link to="/welfare/roster" className="linli-strong-link">
              {t('welfare.rosterLink')}
            </Link>
          }
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {applications.isPending ? (
        <Loading />
      ) : applications.isError ? (
        <ErrorAlert error={applications.error} onRetry={() => void applications.refetch()} />
      ) : applications.data.length === 0 ? (
        <Typography.Paragraph>{t('welfare.finalNone')}</Typography.Paragraph>
      ) : (
        <ul className="linli-list" aria-labelledby={headingId}>
          {applications.data.map((a) => {
            const blocked = blockers(notice, a);
            const reasons = [
              ...(blocked.daysLeft > 0
                ? [t('welfare.finalRunning', { count: blocked.daysLeft, ends: shortDate(notice.endsOn) })]
                : []),
              ...(blocked.open > 0 ? [t('welfare.finalObjectionsOpen', { count: blocked.open })] : []),
            ];
            return (
              <li
                key={a.id}
                className="linli-list-item"
                data-testid="welfare-final-application"
                data-status={a.status}
              >
                <span style={{ flex: '1 1 220px' }}>
                  <span className="linli-hit-name">{a.applicantName}</span> · {a.household.address.label}
                  {a.closedAt ? (
                    <>
                      <br />
                      {t('welfare.closedOn', { by: a.closedBy ?? '', date: shortDate(a.closedAt) })}
                      {a.closeNote ? ` · ${a.closeNote}` : ''}
                    </>
                  ) : null}
                  {a.status === 'on_notice' ? (
                    <>
                      <br />
                      <strong className={reasons.length > 0 ? 'linli-overdue' : undefined}>
                        {reasons.length > 0 ? reasons.join(' ') : t('welfare.finalReady')}
                      </strong>
                    </>
                  ) : null}
                </span>
                <StateTag tone={STATUS_TONE[a.status]}>{t(`welfare.statuses.${a.status}`)}</StateTag>
                {decide && a.status === 'on_notice' ? (
                  <Flex gap={8} wrap>
                    {reasons.length === 0 ? (
                      <Button
                        type="primary"
                        size="large"
                        onClick={() => setClosing({ application: a, approve: true })}
                      >
                        {t('welfare.approve')}
                        <span className="linli-visually-hidden"> {a.applicantName}</span>
                      </Button>
                    ) : null}
                    <Button
                      size="large"
                      danger
                      onClick={() => setClosing({ application: a, approve: false })}
                    >
                      {t('welfare.reject')}
                      <span className="linli-visually-hidden"> {a.applicantName}</span>
                    </Button>
                  </Flex>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {closing ? (
        <CloseModal
          application={closing.application}
          approve={closing.approve}
          onClose={(message) => {
            setClosing(null);
            if (message) setDone(message);
          }}
        />
      ) : null}
    </section>
  );
}

/** Asks once more before the final word; a rejection needs its reason, which the applicant is told. */
function CloseModal({
  application,
  approve,
  onClose,
}: {
  application: Application;
  approve: boolean;
  onClose: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const close = useCloseApplication();
  const [note, setNote] = useState('');
  const name = application.applicantName;
  return (
    <Modal
      open
      title={t(approve ? 'welfare.approveTitle' : 'welfare.rejectTitle', { name })}
      onCancel={() => onClose(null)}
      okText={t(approve ? 'welfare.approve' : 'welfare.reject')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{
        size: 'large',
        danger: !approve,
        disabled: !approve && !note.trim(),
        loading: close.isPending,
      }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        close.mutate(
          { applicationId: application.id, approve, note: note.trim() || null },
          {
            onSuccess: () =>
              onClose(t(approve ? 'welfare.approvedMessage' : 'welfare.rejectedMessage', { name })),
          },
        )
      }
    >
      {close.isError ? <ErrorAlert error={close.error} style={{ marginBottom: 12 }} /> : null}
      {approve ? <Typography.Paragraph>{t('welfare.approveIntro')}</Typography.Paragraph> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t(approve ? 'welfare.approveNote' : 'welfare.rejectReason')} htmlFor="close-note">
          <Input.TextArea
            id="close-note"
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
