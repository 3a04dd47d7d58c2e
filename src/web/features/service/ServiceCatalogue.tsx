import { Button, Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_UNITS, type TService } from '../../../shared/contracts/service';
import { DateField } from '../../components/DateField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { yuan } from '../../lib/format';
import { useCreateService, useSetServiceValue } from './api';
import { beijingToday, useServiceName } from './ServiceBits';

type Unit = (typeof SERVICE_UNITS)[number];

/** The station's services with the market value in force today and its dated history; a worker adds a
 * service, or gives one a new value from a day on. */
export function ServiceCatalogue({ services }: { services: readonly TService[] }) {
  const { t } = useTranslation();
  const name = useServiceName();
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const [revaluing, setRevaluing] = useState<TService | null>(null);
  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('service.catalogue')}
      </Typography.Title>
      {services.length === 0 ? <Typography.Paragraph>{t('service.noServices')}</Typography.Paragraph> : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {services.map((s) => (
          <li key={s.id} className="linli-list-item" data-testid="service-item" data-service-code={s.code}>
            <span style={{ flex: '1 1 200px' }}>
              <strong style={{ fontSize: 20 }}>{name(s)}</strong>
              <br />
              <span data-testid="service-current-value">
                {s.currentValueFen === null
                  ? t('service.noValue')
                  : t('service.valuePer', {
                      value: yuan(s.currentValueFen),
                      unit: t(`service.units.${s.unit}`),
                    })}
              </span>
              <ValueHistory service={s} />
            </span>
            <Button size="large" onClick={() => setRevaluing(s)}>
              {t('service.changeValue')}
              <span className="linli-visually-hidden"> {name(s)}</span>
            </Button>
          </li>
        ))}
      </ul>
      <Button size="large" onClick={() => setAdding(true)} style={{ marginTop: 12 }}>
        <span aria-hidden="true">＋&nbsp;</span>
        {t('service.addService')}
      </Button>
      {adding ? <ServiceModal onClose={() => setAdding(false)} /> : null}
      {revaluing ? <ValueModal service={revaluing} onClose={() => setRevaluing(null)} /> : null}
    </section>
  );
}

/** Every value the service has had, newest first, each with the day it took (or takes) effect. */
function ValueHistory({ service }: { service: TService }) {
  const { t } = useTranslation();
  const today = beijingToday();
  // The server sends them by day, then by when they were set: on one day the last one set is the one in force.
  const inForceFrom = service.values.filter((v) => v.validFrom <= today).at(-1)?.validFrom;
  const rows = service.values.map((v, index) => {
    const replaced = service.values.slice(index + 1).some((later) => later.validFrom === v.validFrom);
    const state = replaced
      ? 'replaced'
      : v.validFrom > today
        ? 'upcoming'
        : v.validFrom === inForceFrom
          ? 'current'
          : 'past';
    return { ...v, state, key: `${v.validFrom}-${index}` };
  });
  if (rows.length === 0) return null;
  return (
    <ul
      data-testid="service-values"
      aria-label={t('service.valueHistory')}
      style={{ margin: '4px 0 0', paddingLeft: 20, fontSize: 18 }}
    >
      {rows.reverse().map((v) => (
        <li key={v.key} data-state={v.state}>
          {t('service.valueFrom', { date: v.validFrom, value: yuan(v.valueFen) })}
          {v.state === 'past' ? null : ` · ${t(`service.valueStates.${v.state}`)}`}
        </li>
      ))}
    </ul>
  );
}

/** A new market value from a chosen day; the sessions before that day keep the value of their own day. */
function ValueModal({ service, onClose }: { service: TService; onClose: () => void }) {
  const { t } = useTranslation();
  const name = useServiceName();
  const change = useSetServiceValue(service.id);
  const [value, setValue] = useState<number | null>(null);
  const [validFrom, setValidFrom] = useState(beijingToday());
  const valid = value !== null && value >= 0 && /^\d{4}-\d{2}-\d{2}$/.test(validFrom);
  return (
    <Modal
      open
      title={t('service.changeValueTitle', { name: name(service) })}
      onCancel={onClose}
      okText={t('service.save')}
      cancelText={t('service.cancel')}
      okButtonProps={{ size: 'large', disabled: !valid, loading: change.isPending }}
      cancelButtonProps={{ size: 'large' }}
      onOk={() =>
        change.mutate({ validFrom, valueFen: Math.round((value ?? 0) * 100) }, { onSuccess: onClose })
      }
    >
      {change.isError ? <ErrorAlert error={change.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph style={{ fontSize: 18 }}>{t('service.changeValueHint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('service.newValue', { unit: t(`service.units.${service.unit}`) })}
          htmlFor="new-value"
        >
          <InputNumber id="new-value" size="large" min={0} step={0.01} value={value} onChange={setValue} />
        </Form.Item>
        <Form.Item label={t('service.validFrom')} htmlFor="new-value-from">
          <DateField id="new-value-from" value={validFrom} onChange={setValidFrom} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ServiceModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
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
      {create.isError ? <ErrorAlert error={create.error} style={{ marginBottom: 12 }} /> : null}
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
          <DateField id="service-valid-from" value={validFrom} onChange={setValidFrom} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
