import { Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router';
import type { z } from 'zod';
import type { ZNotice } from '../../../shared/contracts/welfare';
import type { ShellContext } from '../../app/AppShell';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { NoticeBody } from '../../components/NoticeBody';
import { PrintButton } from '../../components/ReadAloud';
import { dateTime } from '../../lib/dates';
import { canReviewWelfare, canWriteWelfare } from '../../lib/roles';
import { AnswerObjectionModal } from './AnswerObjectionModal';
import { useNotice, useRecordObjection } from './api';
import { FinalDecision } from './FinalDecision';
import { StateTag } from './StateTag';

type Notice = z.infer<typeof ZNotice>;

/** A notice as the office sees it: the posted text, its public link, and the objections received. */
export function NoticePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const notice = useNotice(id);
  return (
    <>
      <BackLink to="/welfare">{t('welfare.heading')}</BackLink>
      {notice.isPending ? (
        <Loading />
      ) : notice.isError ? (
        <>
          <h1 className="linli-visually-hidden">{t('welfare.noticesHeading')}</h1>
          <ErrorAlert error={notice.error} onRetry={() => void notice.refetch()} />
        </>
      ) : (
        <NoticeDetail notice={notice.data} />
      )}
    </>
  );
}

function NoticeDetail({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const { session } = useOutletContext<ShellContext>();
  const headingId = useId();
  const [recording, setRecording] = useState(false);
  const [answering, setAnswering] = useState<string | null>(null);
  const write = canWriteWelfare(session.user.role);
  const answeringObjection = notice.objections.find((o) => o.id === answering);
  return (
    <>
      <NoticeBody notice={notice} />
      <div className="linli-no-print" style={{ marginBlock: 16, display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <PrintButton />
        <Link
          to={`/n/${encodeURIComponent(notice.id)}`}
          className="linli-button-link"
          data-testid="public-notice-link"
        >
          {t('welfare.publicLink')}
        </Link>
      </div>
      <section aria-labelledby={headingId} className="linli-no-print">
        <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
          {t('welfare.objectionsHeading')}
        </Typography.Title>
        {notice.objections.length === 0 ? (
          <Typography.Paragraph>{t('welfare.noObjections')}</Typography.Paragraph>
        ) : (
          <ul className="linli-list" aria-labelledby={headingId}>
            {notice.objections.map((o) => (
              <li
                key={o.id}
                className="linli-list-item"
                data-testid="welfare-objection"
                data-upheld={String(o.upheld)}
              >
                <span style={{ flex: '1 1 220px' }}>
                  {dateTime(o.receivedAt)} · {t(`welfare.channels.${o.channel}`)}
                  {o.fromName ? ` · ${o.fromName}` : ''}
                  <br />
                  {o.text}
                  {o.answer ? (
                    <>
                      <br />
                      {t('welfare.answer')}：{o.answer}
                      {o.upheld === null
                        ? null
                        : ` · ${t(o.upheld ? 'welfare.upheldYes' : 'welfare.upheldNo')}`}
                    </>
                  ) : null}
                </span>
                <StateTag tone={o.answer ? 'good' : 'pending'}>
                  {o.answer ? t('welfare.answered') : t('welfare.unanswered')}
                </StateTag>
                {write && !o.answer ? (
                  <Button size="large" type="primary" onClick={() => setAnswering(o.id)}>
                    {t('welfare.answerOpen')}
                    <span className="linli-visually-hidden"> {o.text.slice(0, 20)}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {write ? (
          <Button size="large" onClick={() => setRecording(true)}>
            {t('welfare.recordObjection')}
          </Button>
        ) : null}
      </section>
      <FinalDecision notice={notice} decide={canReviewWelfare(session.user.role)} />
      {recording ? <ObjectionModal notice={notice} onClose={() => setRecording(false)} /> : null}
      {answeringObjection ? (
        <AnswerObjectionModal objection={answeringObjection} onClose={() => setAnswering(null)} />
      ) : null}
    </>
  );
}

const CHANNELS = ['desk', 'phone', 'letter'] as const;

function ObjectionModal({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { t } = useTranslation();
  const record = useRecordObjection(notice.id);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('desk');
  const [applicationId, setApplicationId] = useState('');
  const [fromName, setFromName] = useState('');
  const [text, setText] = useState('');
  return (
    <Modal
      open
      title={t('welfare.recordObjection')}
      onCancel={onClose}
      okText={t('welfare.save')}
      cancelText={t('welfare.cancel')}
      okButtonProps={{ size: 'large', disabled: !text.trim(), loading: record.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        record.mutate(
          {
            channel,
            applicationId: applicationId || null,
            fromName: fromName.trim() || null,
            text: text.trim(),
          },
          { onSuccess: onClose },
        )
      }
    >
      {record.isError ? <ErrorAlert error={record.error} style={{ marginBottom: 12 }} /> : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('welfare.objectionChannel')} htmlFor="objection-channel">
          <Select
            id="objection-channel"
            size="large"
            value={channel}
            onChange={(value: (typeof CHANNELS)[number]) => setChannel(value)}
            options={CHANNELS.map((value) => ({ value, label: t(`welfare.channels.${value}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('welfare.objectionAbout')} htmlFor="objection-about">
          <Select
            id="objection-about"
            size="large"
            value={applicationId}
            onChange={(value: string) => setApplicationId(value)}
            options={[
              { value: '', label: t('welfare.wholeNotice') },
              ...notice.entries.map((e) => ({
                value: e.applicationId,
                label: `${e.maskedName} · ${e.building}`,
              })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('welfare.objectionFrom')} htmlFor="objection-from">
          <Input
            id="objection-from"
            size="large"
            value={fromName}
            maxLength={60}
            onChange={(e) => setFromName(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('welfare.objectionText')} htmlFor="objection-text">
          <Input.TextArea
            id="objection-text"
            value={text}
            maxLength={4000}
            autoSize={{ minRows: 3 }}
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
