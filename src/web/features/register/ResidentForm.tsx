import { Button, Checkbox, Drawer, Flex, Form, Input, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CARE_TAGS, type CareTag } from '../../../shared/careTags';
import { type TResidentInput, ZResidentInput, ZResidentPatch } from '../../../shared/contracts/register';
import type { TResident } from '../../../shared/contracts/registry';
import { DateField } from '../../components/DateField';
import { ErrorAlert, useErrorText } from '../../components/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useAddResident, useEditResident } from './api';

type Field = 'name' | 'gender' | 'birthDate' | 'idNumber' | 'phone' | 'relation' | 'careTags';
const FIELDS: readonly Field[] = ['name', 'gender', 'birthDate', 'idNumber', 'phone', 'relation', 'careTags'];

interface Values {
  name: string;
  gender: 'male' | 'female' | '';
  birthDate: string;
  idNumber: string;
  phone: string;
  relation: string;
  careTags: CareTag[];
}

function initialValues(resident: TResident | undefined): Values {
  return {
    name: resident?.name ?? '',
    gender: resident?.gender ?? '',
    birthDate: resident?.birthDate?.slice(0, 10) ?? '',
    idNumber: resident?.idNumber ?? '',
    phone: resident?.phone ?? '',
    relation: resident?.relation ?? '',
    careTags: resident ? [...resident.careTags] : [],
  };
}

function isField(value: unknown): value is Field {
  return typeof value === 'string' && (FIELDS as readonly string[]).includes(value);
}

/**
 * Adds a resident to a household or edits one, checked with the same schema the server uses (the ID
 * number's check digit included) before anything is sent.
 */
export function ResidentFormDrawer({
  open,
  onClose,
  householdId,
  resident,
}: {
  open: boolean;
  onClose: (saved: boolean) => void;
  householdId: string;
  resident?: TResident;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState<Values>(() => initialValues(resident));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const add = useAddResident(householdId);
  const edit = useEditResident();
  const mutation = resident ? edit : add;

  // Only a newly opened drawer starts over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the drawer opens, not on every render
  useEffect(() => {
    if (open) {
      setValues(initialValues(resident));
      setErrors({});
      add.reset();
      edit.reset();
    }
  }, [open, resident]);

  const messageFor = (field: Field, code: string, message: string): string => {
    if (code === 'too_big') return t('residentForm.tooLong');
    switch (field) {
      case 'name':
        return t('residentForm.nameRequired');
      case 'gender':
        return t('residentForm.genderRequired');
      case 'relation':
        return t('residentForm.relationRequired');
      case 'idNumber':
        return t('residentForm.idInvalid');
      case 'phone':
        return t('residentForm.phoneInvalid');
      case 'birthDate':
        return t('residentForm.dateInvalid');
      default:
        return message;
    }
  };

  const submit = () => {
    const raw: Record<string, unknown> = {
      name: values.name,
      gender: values.gender || undefined,
      birthDate: values.birthDate === '' ? null : values.birthDate,
      phone: values.phone,
      relation: values.relation,
      careTags: values.careTags,
    };
    // An ID number the caller was never shown is left alone; a cleared one is removed.
    if (!(resident && resident.idNumber === undefined && values.idNumber.trim() === '')) {
      raw.idNumber = values.idNumber;
    }
    const parsed = (resident ? ZResidentPatch : ZResidentInput).safeParse(raw);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (!isField(field) || next[field]) continue;
        next[field] = messageFor(field, issue.code, issue.message);
      }
      setErrors(next);
      return;
    }
    setErrors({});
    const onError = (error: unknown) => {
      if (isApiError(error) && isField(error.field)) {
        setErrors({ [error.field]: errorText(error) });
      }
    };
    // The raw, checked values go: the server applies the same transforms.
    if (resident) {
      edit.mutate({ id: resident.id, body: raw }, { onSuccess: () => onClose(true), onError });
    } else {
      add.mutate(raw as TResidentInput, { onSuccess: () => onClose(true), onError });
    }
  };

  const status = (field: Field) =>
    errors[field] ? { validateStatus: 'error' as const, help: errors[field] } : {};
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  return (
    <Drawer
      open={open}
      onClose={() => onClose(false)}
      title={resident ? t('residentForm.editTitle', { name: resident.name }) : t('residentForm.addTitle')}
      placement="bottom"
      size="large"
      styles={{ body: { paddingBottom: 32 } }}
      destroyOnHidden
      closable={{ 'aria-label': t('residentForm.cancel') }}
    >
      {mutation.isError && !(isApiError(mutation.error) && isField(mutation.error.field)) ? (
        <ErrorAlert error={mutation.error} style={{ marginBottom: 16 }} />
      ) : null}
      <Form layout="vertical" onFinish={submit} requiredMark={false} noValidate data-testid="resident-form">
        <Form.Item label={t('residentForm.name')} htmlFor="resident-name" {...status('name')}>
          <Input
            id="resident-name"
            value={values.name}
            onChange={(e) => set('name', e.target.value)}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item label={t('residentForm.gender')} {...status('gender')}>
          <Radio.Group
            value={values.gender}
            onChange={(e) => set('gender', e.target.value as Values['gender'])}
            aria-label={t('residentForm.gender')}
            optionType="button"
            buttonStyle="solid"
            size="large"
            options={[
              { value: 'male', label: t('households.male') },
              { value: 'female', label: t('households.female') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('residentForm.relation')} htmlFor="resident-relation" {...status('relation')}>
          <Input
            id="resident-relation"
            value={values.relation}
            placeholder={t('residentForm.relationPlaceholder')}
            onChange={(e) => set('relation', e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t('residentForm.birthDate')} htmlFor="resident-birth" {...status('birthDate')}>
          <DateField id="resident-birth" value={values.birthDate} onChange={(v) => set('birthDate', v)} />
        </Form.Item>
        <Form.Item label={t('residentForm.idNumber')} htmlFor="resident-id" {...status('idNumber')}>
          <Input
            id="resident-id"
            value={values.idNumber}
            onChange={(e) => set('idNumber', e.target.value)}
            autoComplete="off"
            inputMode="text"
            maxLength={18}
            spellCheck={false}
          />
        </Form.Item>
        <Form.Item label={t('residentForm.phone')} htmlFor="resident-phone" {...status('phone')}>
          <Input
            id="resident-phone"
            type="tel"
            inputMode="tel"
            value={values.phone}
            onChange={(e) => set('phone', e.target.value)}
            autoComplete="off"
          />
        </Form.Item>
        <Form.Item label={t('residentForm.careTags')} {...status('careTags')}>
          <Checkbox.Group
            value={values.careTags}
            onChange={(checked) => set('careTags', checked as CareTag[])}
            aria-label={t('residentForm.careTags')}
            className="linli-checks"
            options={CARE_TAGS.map((tag) => ({ value: tag, label: t(`careTags.${tag}`) }))}
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Button type="primary" htmlType="submit" size="large" loading={mutation.isPending}>
            {t('residentForm.save')}
          </Button>
          <Button size="large" onClick={() => onClose(false)}>
            {t('residentForm.cancel')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}
