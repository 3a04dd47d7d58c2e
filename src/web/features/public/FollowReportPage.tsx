import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPublicReport } from '../../../shared/contracts/publicReports';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_REPORT } from '../../../shared/photoLimits';
import { dateTime } from '../../lib/dates';
import { useAddPhoto, useAnswer, usePublicReport, useReopen } from './api';
import { ErrorNotice, Loading, Notice, PublicLayout, ReadAloud, useErrorText } from './ui';

const OPEN_STATES = ['new', 'acknowledged', 'in_progress'];

/** A yes/no question with two big buttons. */
function YesNo(props: {
  name: string;
  label: string;
  value: boolean | undefined;
  onChange: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="linli-field">
      <legend>{props.label}</legend>
      <div className="linli-choices">
        {[true, false].map((answer) => (
          <label key={String(answer)} className="linli-choice">
            <input
              type="radio"
              name={props.name}
              checked={props.value === answer}
              onChange={() => props.onChange(answer)}
            />
            <span>{answer ? t('public.follow.yes') : t('public.follow.no')}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** What the page says first, as it would be said aloud. */
function spokenSummary(r: TPublicReport, t: (key: string, options?: Record<string, unknown>) => string) {
  return [
    `${r.categoryName}。`,
    r.place ? `${r.place}。` : '',
    t('public.follow.listen', { state: r.stateText }),
    r.referral
      ? `${t('public.follow.referredTo', { agency: r.referral.referredTo ?? '' })}。${r.referral.guidance}`
      : '',
  ].join('');
}

/** `/r/:token`: the resident follows their report, answers the two closing questions, or reopens it. */
export function FollowReportPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const report = usePublicReport(token);
  const reload = report.state === 'loading' ? () => undefined : report.reload;
  const answer = useAnswer(token, reload);
  const reopen = useReopen(token, reload);
  const addPhoto = useAddPhoto(token, reload);
  const [solved, setSolved] = useState<boolean>();
  const [satisfied, setSatisfied] = useState<boolean>();
  const [note, setNote] = useState('');
  const [photoError, setPhotoError] = useState<string | null>(null);

  if (report.state === 'loading')
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  if (report.state === 'error') {
    return (
      <PublicLayout>
        <ErrorNotice error={report.error} onRetry={report.reload} />
      </PublicLayout>
    );
  }
  const r = report.data;
  const open = OPEN_STATES.includes(r.state);
  const yesNo = (value: boolean) => (value ? t('public.follow.yes') : t('public.follow.no'));

  return (
    <PublicLayout>
      <h1 className="linli-title">{r.categoryName}</h1>
      <p>
        {r.place ? `${r.place} · ` : ''}
        {t('public.follow.reportedAt', { at: dateTime(r.createdAt) })}
      </p>
      <section className="linli-panel">
        <p style={{ margin: '0 0 8px' }}>{t('public.follow.stateNow')}</p>
        <p role="status" style={{ margin: '0 0 12px' }}>
          <span className="linli-state" style={{ color: open ? '#1e3a8a' : '#14532d' }}>
            {r.stateText}
          </span>
        </p>
        <ReadAloud text={spokenSummary(r, t)} />
      </section>

      {r.referral ? (
        <Notice tone="info" title={t('public.follow.referredTo', { agency: r.referral.referredTo ?? '' })}>
          <p style={{ margin: '8px 0 0' }}>{r.referral.guidance}</p>
        </Notice>
      ) : null}

      {r.canGiveFeedback ? (
        <section className="linli-panel">
          <h2 className="linli-subtitle">{t('public.follow.questions')}</h2>
          <YesNo name="solved" label={t('public.follow.solved')} value={solved} onChange={setSolved} />
          <YesNo
            name="satisfied"
            label={t('public.follow.satisfied')}
            value={satisfied}
            onChange={setSatisfied}
          />
          {answer.error ? <ErrorNotice error={answer.error} /> : null}
          <button
            type="button"
            className="linli-btn linli-btn-primary linli-btn-block"
            disabled={solved === undefined || satisfied === undefined || answer.pending}
            onClick={() => {
              if (solved !== undefined && satisfied !== undefined) answer.run({ solved, satisfied });
            }}
          >
            {t('public.follow.send')}
          </button>
        </section>
      ) : r.feedback ? (
        <Notice tone="success" title={t('public.follow.thanks')}>
          <p style={{ margin: '8px 0 0' }}>
            {`${t('public.follow.solved')} ${yesNo(r.feedback.solved)} · ${t('public.follow.satisfied')} ${yesNo(r.feedback.satisfied)}`}
          </p>
        </Notice>
      ) : null}

      {r.canReopen ? (
        <section className="linli-panel">
          <h2 className="linli-subtitle">{t('public.follow.reopenHeading')}</h2>
          <p>{t('public.follow.reopenUntil', { at: r.reopenUntil ? dateTime(r.reopenUntil) : '' })}</p>
          <label className="linli-field">
            <span className="linli-label">{t('public.follow.reopenNote')}</span>
            <textarea
              className="linli-input"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          {reopen.error ? <ErrorNotice error={reopen.error} /> : null}
          <button
            type="button"
            className="linli-btn linli-btn-block"
            disabled={reopen.pending}
            onClick={() => reopen.run(note.trim() ? { note: note.trim() } : {})}
          >
            {t('public.follow.reopen')}
          </button>
        </section>
      ) : null}

      {open && r.photoCount < PHOTOS_PER_REPORT ? (
        <section className="linli-panel">
          <h2 className="linli-subtitle">{t('public.follow.photoHeading')}</h2>
          <p>{t('public.follow.photoHint', { max: PHOTOS_PER_REPORT, mb: PHOTO_MAX_BYTES / 1024 / 1024 })}</p>
          {/* The browser's own file button speaks the phone's language and overflows a small screen. */}
          <label className="linli-btn">
            <input
              type="file"
              className="linli-visually-hidden"
              accept={PHOTO_TYPES.join(',')}
              disabled={addPhoto.pending}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                setPhotoError(null);
                if (!file) return;
                if (file.size > PHOTO_MAX_BYTES) {
                  setPhotoError(t('public.follow.photoTooBig', { mb: PHOTO_MAX_BYTES / 1024 / 1024 }));
                  return;
                }
                addPhoto.run(file);
              }}
            />
            {t('public.follow.photoChoose')}
          </label>
          {photoError || addPhoto.error ? (
            <div style={{ marginTop: 12 }}>
              <Notice tone="error" title={photoError ?? errorText(addPhoto.error)} />
            </div>
          ) : null}
          {addPhoto.done ? (
            <div style={{ marginTop: 12 }}>
              <Notice tone="success" title={t('public.follow.photoAdded')} live />
            </div>
          ) : null}
        </section>
      ) : null}

      <h2 className="linli-subtitle">{t('public.follow.timeline')}</h2>
      <ol className="linli-timeline">
        {r.timeline.map((e) => (
          <li key={`${e.at}-${e.text}`}>
            <strong>{e.text}</strong>
            <time dateTime={e.at}>{dateTime(e.at)}</time>
          </li>
        ))}
      </ol>
    </PublicLayout>
  );
}
