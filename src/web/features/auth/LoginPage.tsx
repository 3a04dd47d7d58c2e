import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { type TLoginRequest, ZLoginRequest } from '../../../shared/contracts/auth';
import { AppHeader } from '../../app/AppHeader';
import { useErrorText } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useLogin, useSession } from '../../lib/session';

type FieldName = keyof TLoginRequest;

/** Where to go after signing in: the page that sent the person here, if it was one of ours. */
function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login'
    ? from
    : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  const login = useLogin();
  const [form] = Form.useForm<TLoginRequest>();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  if (session.isPending) return <Loading />;
  if (session.data) return <Navigate to={returnPath(location.state)} replace />;

  const onFinish = (values: Partial<TLoginRequest>) => {
    const parsed = ZLoginRequest.safeParse({
      username: values.username ?? '',
      password: values.password ?? '',
    });
    if (!parsed.success) {
      const errors: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field !== 'username' && field !== 'password') continue;
        if (errors[field]) continue;
        errors[field] =
          issue.code === 'too_big'
            ? t('login.tooLong')
            : field === 'username'
              ? t('login.usernameRequired')
              : t('login.passwordRequired');
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data, {
      onSuccess: () => {
        void navigate(returnPath(location.state), { replace: true });
      },
    });
  };

  const fieldStatus = (field: FieldName) =>
    fieldErrors[field] ? { validateStatus: 'error' as const, help: fieldErrors[field] } : {};

  return (
    <>
      <AppHeader />
      <main className="linli-page">
        <Panel style={{ maxWidth: 480, margin: '24px auto' }}>
          <Typography.Title level={1} style={{ fontSize: 30, marginTop: 0 }}>
            {t('login.heading')}
          </Typography.Title>
          <Typography.Paragraph>{t('login.intro')}</Typography.Paragraph>
          {login.isError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={errorText(login.error)}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          ) : null}
          <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} noValidate>
            <Form.Item label={t('login.username')} name="username" {...fieldStatus('username')}>
              <Input autoComplete="username" autoCapitalize="none" spellCheck={false} />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" {...fieldStatus('password')}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              {t('login.submit')}
            </Button>
          </Form>
        </Panel>
      </main>
    </>
  );
}
