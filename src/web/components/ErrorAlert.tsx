import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
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
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorText(error)}
      style={style}
      action={
        onRetry ? (
          <Button onClick={onRetry} size="middle">
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
