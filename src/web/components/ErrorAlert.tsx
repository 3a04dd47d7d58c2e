import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api';

/** The server's own words when it sent some (already in the UI language), else a plain fallback. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isApiError(error)) {
      if (error.code === 'network') return t('errors.network');
      if (error.message) return error.message;
    }
    return t('errors.unknown');
  };
}

/**
 * A message in a box, drawn without antd (the phone's home shows it): an error or a success, its words,
 * more below them, and a button beside them.
 */
export function AlertBox({
  tone,
  title,
  children,
  action,
  onClose,
  closeLabel,
  role,
  style,
  'data-testid': testId,
}: {
  tone: 'error' | 'success';
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  onClose?: () => void;
  closeLabel?: string;
  role?: 'alert' | 'status';
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  return (
    <div className={`linli-alert linli-alert-${tone}`} role={role} style={style} data-testid={testId}>
      <span className="linli-alert-icon" aria-hidden="true">
        {tone === 'error' ? '✕' : '✓'}
      </span>
      <div className="linli-alert-body">
        <div className="linli-alert-title">{title}</div>
        {children}
      </div>
      {action}
      {onClose ? (
        <button type="button" className="linli-alert-close" aria-label={closeLabel} onClick={onClose}>
          <span aria-hidden="true">✕</span>
        </button>
      ) : null}
    </div>
  );
}

export function ErrorAlert({
  error,
  onRetry,
  style,
}: {
  error: unknown;
  onRetry?: () => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <AlertBox
      tone="error"
      role="alert"
      title={errorText(error)}
      style={style}
      action={
        onRetry ? (
          <button type="button" className="linli-button" onClick={onRetry}>
            {t('app.retry')}
          </button>
        ) : undefined
      }
    />
  );
}
