import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPublicReportInput } from '../../../shared/contracts/reports';
import { isApiError } from '../../lib/api';
import { usePublicBuilding, useSubmitPublicReport } from './api';
import { ErrorNotice, Loading, Notice, PublicLayout } from './ui';

type FieldName = keyof TPublicReportInput;
type FieldErrors = Partial<Record<FieldName, string>>;
const FIELDS: readonly FieldName[] = ['category', 'entranceNumber', 'room', 'description', 'phone', 'name'];

/** A new key per report: a retry of the same submission carries the same key, so it is saved once. */
const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).toString();

/** What the form holds, as the server takes it: blank optional fields left out. */
function readForm(form: HTMLFormElement): TPublicReportInput {
  const data = new FormData(form);
  const text = (name: FieldName) => String(data.get(name) ?? '').trim();
  const optional = (name: 'entranceNumber' | 'room' | 'name') => (text(name) ? { [name]: text(name) } : {});
  return {
    category: text('category'),
    description: text('description'),
    phone: text('phone'),
    ...optional('entranceNumber'),
    ...optional('room'),
    ...optional('name'),
  };
}

/** The three things a report cannot go without; the server checks the rest and names the field. */
function missing(input: TPublicReportInput): FieldName[] {
  const missed: FieldName[] = [];
  if (!input.category) missed.push('category');
  if (!input.description) missed.push('description');
  if (!/^1[3-9]\d{9}$/.test(input.phone)) missed.push('phone');
  return missed;
}

/** `/b/:buildingId`, reached by the QR code on the building's notice board. */
export function PublicReportPage({ buildingId }: { buildingId: string }) {
  const { t } = useTranslation();
  const building = usePublicBuilding(buildingId);
  const submit = useSubmitPublicReport(buildingId);
  const [key, setKey] = useState(newKey);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  if (building.state === 'loading')
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  if (building.state === 'error') {
    return (
      <PublicLayout>
        <ErrorNotice error={building.error} onRetry={building.reload} />
      </PublicLayout>
    );
  }
  const b = building.data;

  if (submit.done) {
    const followLink = submit.done.followLink;
    return (
      <PublicLayout>
        <Notice tone="success" title={t('public.intake.sent')} live>
          <p style={{ margin: '8px 0 0' }}>{t('public.intake.keepLink')}</p>
        </Notice>
        <div className="linli-row" style={{ marginBottom: 16 }}>
          <a href={followLink} className="linli-btn linli-btn-primary">
            {t('public.intake.follow')}
          </a>
          <button
            type="button"
            className="linli-btn"
            onClick={() => {
              setKey(newKey());
              submit.reset();
            }}
          >
            {t('public.intake.another')}
          </button>
        </div>
        <p className="linli-linkbox">{`${window.location.origin}${followLink}`}</p>
      </PublicLayout>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = readForm(event.currentTarget);
    const missed = missing(input);
    setFieldErrors(Object.fromEntries(missed.map((field) => [field, t(`public.intake.invalid.${field}`)])));
    if (missed.length === 0) submit.run({ body: input, key });
  };
  // A field the server refused is shown at that field, in the words of the form.
  const serverField =
    isApiError(submit.error) && FIELDS.includes(submit.error.field as FieldName)
      ? (submit.error.field as FieldName)
      : null;
  const errorOf = (field: FieldName) =>
    fieldErrors[field] ?? (serverField === field ? t(`public.intake.invalid.${field}`) : undefined);
  const describedBy = (field: FieldName, help?: string) =>
    [errorOf(field) ? `${field}-error` : '', help ?? ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: FieldName) =>
    errorOf(field) ? (
      <span id={`${field}-error`} className="linli-field-error">
        {errorOf(field)}
      </span>
    ) : null;

  return (
    <PublicLayout>
      <h1 className="linli-title">{t('public.intake.heading', { building: b.number })}</h1>
      <p>{t('public.intake.intro', { community: b.communityName })}</p>
      <Notice tone="warning" title={t('public.intake.emergency')} />
      <form className="linli-panel" onSubmit={onSubmit} noValidate>
        <fieldset className="linli-field" aria-describedby={describedBy('category')}>
          <legend>{t('public.intake.category')}</legend>
          <div className="linli-choices">
            {b.categories.map((c) => (
              <label key={c.code} className="linli-choice">
                <input type="radio" name="category" value={c.code} />
                <span>{c.name}</span>
              </label>
            ))}
          </div>
          {fieldError('category')}
        </fieldset>
        {b.entrances.length > 0 ? (
          <label className="linli-field">
            <span className="linli-label">{t('public.intake.entrance')}</span>
            <select
              name="entranceNumber"
              className="linli-input"
              aria-describedby={describedBy('entranceNumber')}
            >
              <option value="">{t('public.intake.optional')}</option>
              {b.entrances.map((e) => (
                <option key={e} value={e}>
                  {t('public.intake.entranceN', { n: e })}
                </option>
              ))}
            </select>
            {fieldError('entranceNumber')}
          </label>
        ) : null}
        <label className="linli-field">
          <span className="linli-label">{t('public.intake.room')}</span>
          <input
            name="room"
            className="linli-input"
            inputMode="numeric"
            maxLength={10}
            placeholder={t('public.intake.optional')}
            aria-invalid={!!errorOf('room')}
            aria-describedby={describedBy('room')}
          />
          {fieldError('room')}
        </label>
        <label className="linli-field">
          <span className="linli-label">{t('public.intake.description')}</span>
          <textarea
            name="description"
            className="linli-input"
            rows={5}
            maxLength={4000}
            aria-invalid={!!errorOf('description')}
            aria-describedby={describedBy('description')}
          />
          {fieldError('description')}
        </label>
        <label className="linli-field">
          <span className="linli-label">{t('public.intake.phone')}</span>
          <input
            name="phone"
            className="linli-input"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={11}
            aria-invalid={!!errorOf('phone')}
            aria-describedby={describedBy('phone', 'phone-why')}
          />
          <span id="phone-why" className="linli-help">
            {t('public.intake.phoneWhy')}
          </span>
          {fieldError('phone')}
        </label>
        <label className="linli-field">
          <span className="linli-label">{t('public.intake.name')}</span>
          <input
            name="name"
            className="linli-input"
            maxLength={40}
            autoComplete="name"
            placeholder={t('public.intake.optional')}
            aria-invalid={!!errorOf('name')}
            aria-describedby={describedBy('name')}
          />
          {fieldError('name')}
        </label>
        {submit.error && !serverField ? <ErrorNotice error={submit.error} /> : null}
        <button
          type="submit"
          className="linli-btn linli-btn-primary linli-btn-block"
          disabled={submit.pending}
          aria-busy={submit.pending}
        >
          {submit.pending ? t('app.loading') : t('public.intake.submit')}
        </button>
      </form>
    </PublicLayout>
  );
}
