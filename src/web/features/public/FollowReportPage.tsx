import { Alert, Button, Card, Flex, Input, Radio, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_REPORT } from '../../../shared/contracts/publicReports';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useAddPhoto, useAnswer, usePublicReport, useReopen } from './api';
import { PublicLayout } from './PublicLayout';

const BIG = { fontSize: 22, minHeight: 56, minWidth: 120 } as const;

function when(at: string, language: string): string {
  return new Date(at).toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** A yes/no question with two big buttons. */
function YesNo(props: { label: string; value: boolean | undefined; onChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset style={{ border: 0, padding: 0, margin: '0 0 24px' }}>
      <legend style={{ fontSize: 24, fontWeight: 600, marginBottom: 12 }}>{props.label}</legend>
      <Radio.Group
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as boolean)}
        optionType="button"
        buttonStyle="solid"
        size="large"
      >
        <Radio.Button value={true} style={{ ...BIG, lineHeight: '54px' }}>
          {t('public.follow.yes')}
        </Radio.Button>
        <Radio.Button value={false} style={{ ...BIG, lineHeight: '54px' }}>
          {t('public.follow.no')}
        </Radio.Button>
      </Radio.Group>
    </fieldset>
  );
}

/** `/r/:token`: the resident follows their report, answers the two closing questions, or reopens it. */
export function FollowReportPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const report = usePublicReport(token);
  const answer = useAnswer(token);
  const reopen = useReopen(token);
  const addPhoto = useAddPhoto(token);
  const [solved, setSolved] = useState<boolean>();
  const [satisfied, setSatisfied] = useState<boolean>();
  const [note, setNote] = useState('');
  const [photoError, setPhotoError] = useState<string | null>(null);

  if (report.isPending)
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  if (report.isError) {
    return (
      <PublicLayout>
        <ErrorAlert error={report.error} />
      </PublicLayout>
    );
  }
  const r = report.data;
  const open = ['new', 'acknowledged', 'in_progress'].includes(r.state);

  return (
    <PublicLayout>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {r.categoryName}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {r.place ? `${r.place} · ` : ''}
        {t('public.follow.reportedAt', { at: when(r.createdAt, i18n.language) })}
      </Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Text style={{ fontSize: 18 }}>{t('public.follow.stateNow')}</Typography.Text>
        <div role="status" style={{ fontSize: 26, fontWeight: 700 }}>
          <Tag color={open ? 'blue' : 'green'} style={{ fontSize: 22, padding: '6px 12px' }}>
            {r.stateText}
          </Tag>
        </div>
      </Card>

      {r.referral ? (
        <Alert
          type="info"
          showIcon
          style={{ fontSize: 20, marginBottom: 16 }}
          title={t('public.follow.referredTo', { agency: r.referral.referredTo ?? '' })}
          description={<span style={{ fontSize: 20 }}>{r.referral.guidance}</span>}
        />
      ) : null}

      {r.canGiveFeedback ? (
        <Card
          title={<span style={{ fontSize: 24 }}>{t('public.follow.questions')}</span>}
          style={{ marginBottom: 16 }}
        >
          <YesNo label={t('public.follow.solved')} value={solved} onChange={setSolved} />
          <YesNo label={t('public.follow.satisfied')} value={satisfied} onChange={setSatisfied} />
          {answer.isError ? <ErrorAlert error={answer.error} style={{ marginBottom: 16 }} /> : null}
          <Button
            type="primary"
            block
            style={{ ...BIG, height: 60 }}
            disabled={solved === undefined || satisfied === undefined}
            loading={answer.isPending}
            onClick={() => {
              if (solved !== undefined && satisfied !== undefined) answer.mutate({ solved, satisfied });
            }}
          >
            {t('public.follow.send')}
          </Button>
        </Card>
      ) : r.feedback ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16, fontSize: 20 }}
          title={t('public.follow.thanks')}
          description={`${t('public.follow.solved')} ${r.feedback.solved ? t('public.follow.yes') : t('public.follow.no')} · ${t('public.follow.satisfied')} ${r.feedback.satisfied ? t('public.follow.yes') : t('public.follow.no')}`}
        />
      ) : null}

      {r.canReopen ? (
        <Card
          title={<span style={{ fontSize: 22 }}>{t('public.follow.reopenHeading')}</span>}
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph style={{ fontSize: 18 }}>
            {t('public.follow.reopenUntil', { at: r.reopenUntil ? when(r.reopenUntil, i18n.language) : '' })}
          </Typography.Paragraph>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('public.follow.reopenNote')}
            aria-label={t('public.follow.reopenNote')}
            style={{ fontSize: 20, marginBottom: 12 }}
          />
          {reopen.isError ? <ErrorAlert error={reopen.error} style={{ marginBottom: 12 }} /> : null}
          <Button
            size="large"
            block
            style={BIG}
            loading={reopen.isPending}
            onClick={() => reopen.mutate(note.trim() ? { note: note.trim() } : {})}
          >
            {t('public.follow.reopen')}
          </Button>
        </Card>
      ) : null}

      {open && r.photoCount < PHOTOS_PER_REPORT ? (
        <Card
          title={<span style={{ fontSize: 22 }}>{t('public.follow.photoHeading')}</span>}
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph style={{ fontSize: 18 }}>
            {t('public.follow.photoHint', { max: PHOTOS_PER_REPORT, mb: PHOTO_MAX_BYTES / 1024 / 1024 })}
          </Typography.Paragraph>
          <input
            type="file"
            accept={PHOTO_TYPES.join(',')}
            aria-label={t('public.follow.photoHeading')}
            style={{ fontSize: 20 }}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              setPhotoError(null);
              if (!file) return;
              if (file.size > PHOTO_MAX_BYTES) {
                setPhotoError(t('public.follow.photoTooBig', { mb: PHOTO_MAX_BYTES / 1024 / 1024 }));
                return;
              }
              addPhoto.mutate(file, { onError: (error) => setPhotoError(errorText(error)) });
            }}
          />
          {photoError ? (
            <Alert type="error" showIcon role="alert" title={photoError} style={{ marginTop: 12 }} />
          ) : null}
          {addPhoto.isSuccess ? (
            <Alert type="success" showIcon title={t('public.follow.photoAdded')} style={{ marginTop: 12 }} />
          ) : null}
        </Card>
      ) : null}

      <Typography.Title level={2} style={{ fontSize: 24 }}>
        {t('public.follow.timeline')}
      </Typography.Title>
      <Timeline
        items={r.timeline.map((e) => ({
          children: (
            <Flex vertical style={{ fontSize: 20 }}>
              <strong>{e.text}</strong>
              <span style={{ fontSize: 16, color: '#444' }}>{when(e.at, i18n.language)}</span>
            </Flex>
          ),
        }))}
      />
    </PublicLayout>
  );
}
