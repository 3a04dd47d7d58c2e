import { Alert, Button, Card, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type TPublicReportInput, ZPublicReportInput } from '../../../shared/contracts/reports';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { usePublicBuilding, useSubmitPublicReport } from './api';
import { PublicLayout } from './PublicLayout';

type Fields = Partial<TPublicReportInput>;
type FieldName = keyof TPublicReportInput;

const BIG = { fontSize: 20, minHeight: 52 } as const;

/** A new key per report: a retry of the same submission carries the same key, so it is saved once. */
const newKey = () => (globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).toString();

/** `/b/:buildingId`, reached by the QR code on the building's notice board. */
export function PublicReportPage() {
  const { buildingId = '' } = useParams();
  const { t } = useTranslation();
  const building = usePublicBuilding(buildingId);
  const submit = useSubmitPublicReport(buildingId);
  const [form] = Form.useForm<Fields>();
  const [key, setKey] = useState(newKey);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  if (building.isPending)
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  if (building.isError) {
    return (
      <PublicLayout>
        <ErrorAlert error={building.error} />
      </PublicLayout>
    );
  }
  const b = building.data;

  if (submit.isSuccess) {
    const followLink = submit.data.followLink;
    return (
      <PublicLayout>
        <Result
          status="success"
          title={<span style={{ fontSize: 28 }}>{t('public.intake.sent')}</span>}
          subTitle={<span style={{ fontSize: 20 }}>{t('public.intake.keepLink')}</span>}
          extra={[
            <Link key="follow" to={followLink} className="linli-button-link" style={{ fontSize: 22 }}>
              {t('public.intake.follow')}
            </Link>,
            <Button
              key="another"
              size="large"
              style={BIG}
              onClick={() => {
                form.resetFields();
                setKey(newKey());
                submit.reset();
              }}
            >
              {t('public.intake.another')}
            </Button>,
          ]}
        />
        <Typography.Paragraph copyable style={{ fontSize: 18, textAlign: 'center' }}>
          {`${window.location.origin}${followLink}`}
        </Typography.Paragraph>
      </PublicLayout>
    );
  }

  const onFinish = (values: Fields) => {
    const parsed = ZPublicReportInput.safeParse({
      category: values.category ?? '',
      description: values.description ?? '',
      phone: values.phone ?? '',
      ...(values.entranceNumber ? { entranceNumber: values.entranceNumber } : {}),
      ...(values.room ? { room: values.room } : {}),
      ...(values.name ? { name: values.name } : {}),
    });
    if (!parsed.success) {
      const errors: Partial<Record<FieldName, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as FieldName;
        errors[field] ??= t(`public.intake.invalid.${field}`);
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    submit.mutate({ body: parsed.data, key });
  };
  const status = (field: FieldName) =>
    fieldErrors[field] ? { validateStatus: 'error' as const, help: fieldErrors[field] } : {};

  return (
    <PublicLayout>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('public.intake.heading', { building: b.number })}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 20 }}>
        {t('public.intake.intro', { community: b.communityName })}
      </Typography.Paragraph>
      <Alert type="warning" showIcon title={t('public.intake.emergency')} style={{ marginBottom: 16 }} />
      <Card>
        <Form form={form} layout="vertical" onFinish={onFinish} size="large" requiredMark={false}>
          <Form.Item
            name="category"
            label={<span style={{ fontSize: 20 }}>{t('public.intake.category')}</span>}
            {...status('category')}
          >
            <Radio.Group style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
              {b.categories.map((c) => (
                <Radio.Button key={c.code} value={c.code} style={{ ...BIG, lineHeight: '50px' }}>
                  {c.name}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          {b.entrances.length > 0 ? (
            <Form.Item
              name="entranceNumber"
              label={<span style={{ fontSize: 20 }}>{t('public.intake.entrance')}</span>}
              {...status('entranceNumber')}
            >
              <Select
                allowClear
                style={{ fontSize: 20 }}
                placeholder={t('public.intake.optional')}
                options={b.entrances.map((e) => ({
                  value: e,
                  label: t('public.intake.entranceN', { n: e }),
                }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="room"
            label={<span style={{ fontSize: 20 }}>{t('public.intake.room')}</span>}
            {...status('room')}
          >
            <Input inputMode="numeric" maxLength={10} placeholder={t('public.intake.optional')} style={BIG} />
          </Form.Item>
          <Form.Item
            name="description"
            label={<span style={{ fontSize: 20 }}>{t('public.intake.description')}</span>}
            {...status('description')}
          >
            <Input.TextArea rows={5} maxLength={4000} showCount style={{ fontSize: 20 }} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={<span style={{ fontSize: 20 }}>{t('public.intake.phone')}</span>}
            extra={t('public.intake.phoneWhy')}
            {...status('phone')}
          >
            <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={11} style={BIG} />
          </Form.Item>
          <Form.Item
            name="name"
            label={<span style={{ fontSize: 20 }}>{t('public.intake.name')}</span>}
            {...status('name')}
          >
            <Input maxLength={40} autoComplete="name" placeholder={t('public.intake.optional')} style={BIG} />
          </Form.Item>
          {submit.isError ? <ErrorAlert error={submit.error} style={{ marginBottom: 16 }} /> : null}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={submit.isPending}
            style={{ ...BIG, height: 60 }}
          >
            {t('public.intake.submit')}
          </Button>
        </Form>
      </Card>
    </PublicLayout>
  );
}
