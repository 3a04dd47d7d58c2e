import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_UNITS, type TService } from '../../../shared/contracts/service';
import { useCreateService } from '../../api/service';
import { yuan } from '../care/CareBits';
import { useErrorText } from '../ErrorAlert';
import { beijingToday, useServiceName } from './ServiceBits';

type Unit = (typeof SERVICE_UNITS)[number];

/** The station's services with the market value in force today; a worker adds one with its value. */
export function ServiceCatalogue({ services }: { services: readonly TService[] }) {
  const { t } = useTranslation();
  const name = useServiceName();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.catalogue')}
      </Typography.Title>
      {services.length === 0 ? <Typography.Paragraph>{t('service.noServices')}</Typography.Paragraph> : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {services.map((s) => (
          <li key={s.id} className="linli-list-item" data-testid="service-item">
            <strong>{name(s)}</strong>
            <span>
              {s.currentValueFen === null
                ? t('service.noValue')
                : t('service.valuePer', {
                    value: yuan(s.currentValueFen),
                    unit: t(`service.units.${s.unit}`),
                  })}
            </span>
          </li>
        ))}
      </ul>
      <Button size="large" onClick={() => setAdding(true)} style={{ marginTop: 12 }}>
        <span aria-hidden="true">＋&nbsp;</span>
        {t('service.addService')}
      </Button>
      {adding ? <ServiceModal onClose={() => setAdding(false)} /> : null}
    </section>
  );
}

function ServiceModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useCreateService();
  const unitLabel = useId();
  const [code, setCode] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [unit, setUnit] = useState<Unit>('person_visit');
  const [value, setValue] = useState<number | null>(null);
  const [validFrom, setValidFrom] = useState(beijingToday());
  const valid = /^[a-z][a-z0-9_]{1,39}$/.test(code) && nameZh.trim() && nameEn.trim() && value !== null;
  return (
    <Modal
      open
      title={t('service.addService')}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: create.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        create.mutate(
          {
            code,
            nameZh: nameZh.trim(),
            nameEn: nameEn.trim(),
            unit,
            value: { validFrom, valueFen: Math.round((value ?? 0) * 100) },
          },
          { onSuccess: onClose },
        )
      }
    >
      {create.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={errorText(create.error)}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.nameZh')} htmlFor="service-name-zh">
          <Input
            id="service-name-zh"
            value={nameZh}
            maxLength={40}
            onChange={(e) => setNameZh(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('service.nameEn')} htmlFor="service-name-en">
          <Input
            id="service-name-en"
            value={nameEn}
            maxLength={80}
            onChange={(e) => setNameEn(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('service.code')} htmlFor="service-code" extra={t('service.codeHint')}>
          <Input
            id="service-code"
            value={code}
            maxLength={40}
            onChange={(e) => setCode(e.target.value.toLowerCase())}
          />
        </Form.Item>
      </Form>
      <div id={unitLabel} className="linli-stat-label">
        {t('service.unit')}
      </div>
      <Radio.Group
        aria-labelledby={unitLabel}
        className="linli-choice-grid"
        optionType="button"
        value={unit}
        onChange={(e) => setUnit(e.target.value as Unit)}
        options={SERVICE_UNITS.map((u) => ({ value: u, label: t(`service.units.${u}`) }))}
        style={{ marginBottom: 12 }}
      />
      <Form layout="vertical" component="div">
        <Form.Item label={t('service.marketValue')} htmlFor="service-value">
          <InputNumber
            id="service-value"
            size="large"
            min={0}
            step={0.01}
            value={value}
            onChange={setValue}
          />
        </Form.Item>
        <Form.Item label={t('service.validFrom')} htmlFor="service-valid-from">
          <Input
            id="service-valid-from"
            type="date"
            value={validFrom}
            onChange={(e) => setValidFrom(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
