import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** A new volunteer's name and phone, as the station page and the volunteer list both ask for them. */
export function VolunteerFields({
  idPrefix,
  name,
  phone,
  onName,
  onPhone,
}: {
  idPrefix: string;
  name: string;
  phone: string;
  onName: (name: string) => void;
  onPhone: (phone: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" component="div">
      <Form.Item label={t('service.newVolunteerName')} htmlFor={`${idPrefix}-name`}>
        <Input id={`${idPrefix}-name`} value={name} maxLength={40} onChange={(e) => onName(e.target.value)} />
      </Form.Item>
      <Form.Item label={t('service.newVolunteerPhone')} htmlFor={`${idPrefix}-phone`}>
        <Input
          id={`${idPrefix}-phone`}
          type="tel"
          value={phone}
          maxLength={20}
          onChange={(e) => onPhone(e.target.value)}
        />
      </Form.Item>
    </Form>
  );
}
