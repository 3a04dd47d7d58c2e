import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../lib/api';
import { markSignedIn, maybeSignedIn, returnPath } from '../../lib/signedInMark';
import { ErrorNotice, Loading, PublicLayout } from './ui';

type FieldName = 'username' | 'password';
/** The server's limits (ZLoginRequest): checked here too, so a mistake is named at its field. */
const MAX: Record<FieldName, number> = { username: 64, password: 256 };

/**
 * The staff's sign-in, written as the residents' pages are (plain HTML, no antd, no data layer): the
 * first page every worker and building leader opens on a phone loads in the light bundle, and the staff
 * app is loaded once, after signing in.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const [checking, setChecking] = useState(maybeSignedIn);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  // Someone already signed in on this phone goes straight on; the server says whether the session holds.
  useEffect(() => {
    if (!checking) return;
    request('/api/v1/auth/me').then(
      () => window.location.replace(returnPath(window.location.search)),
      () => {
        markSignedIn(false);
        setChecking(false);
      },
    );
  }, [checking]);

  if (checking) return <Loading />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = {
      username: String(form.get('username') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    };
    const errors: Partial<Record<FieldName, string>> = {};
    for (const field of ['username', 'password'] as const) {
      if (!values[field]) errors[field] = t(`login.${field}Required`);
      else if (values[field].length > MAX[field]) errors[field] = t('login.tooLong');
    }
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0) return;
    setPending(true);
    request('/api/v1/auth/login', { method: 'POST', body: values }).then(
      () => {
        markSignedIn(true);
        window.location.replace(returnPath(window.location.search));
      },
      (cause: unknown) => {
        setPending(false);
        setError(cause);
      },
    );
  };

  const field = (name: FieldName, input: { type: string; autoComplete: string }) => (
    <label className="linli-field">
      <span className="linli-label">{t(`login.${name}`)}</span>
      <input
        name={name}
        className="linli-input"
        type={input.type}
        autoComplete={input.autoComplete}
        autoCapitalize="none"
        spellCheck={false}
        aria-invalid={!!fieldErrors[name]}
        aria-describedby={fieldErrors[name] ? `${name}-error` : undefined}
      />
      {fieldErrors[name] ? (
        <span id={`${name}-error`} className="linli-field-error">
          {fieldErrors[name]}
        </span>
      ) : null}
    </label>
  );

  return (
    <PublicLayout brand={t('app.title')}>
      <form className="linli-panel linli-signin" onSubmit={onSubmit} noValidate>
        <h1 className="linli-title">{t('login.heading')}</h1>
        <p>{t('login.intro')}</p>
        {error ? <ErrorNotice error={error} /> : null}
        {field('username', { type: 'text', autoComplete: 'username' })}
        {field('password', { type: 'password', autoComplete: 'current-password' })}
        <button
          type="submit"
          className="linli-btn linli-btn-primary linli-btn-block"
          disabled={pending}
          aria-busy={pending}
        >
          {pending ? t('app.loading') : t('login.submit')}
        </button>
      </form>
    </PublicLayout>
  );
}
