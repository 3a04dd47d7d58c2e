import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DOOR_NOTICE_MAX_HOUSEHOLDS,
  DOOR_NOTICE_MAX_LENGTH,
  type TDoorNoticeInput,
  type TDoorNoticeResult,
  ZDoorNoticeDefaults,
  ZDoorNoticeResult,
} from '../../../shared/contracts/doorNotices';
import { BulkResultDialog } from '../../components/BulkResultDialog';
import { DateField, TimeField } from '../../components/DateField';
import { useErrorText } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { shortDate, todayIso } from '../../lib/dates';

const BIG = { fontSize: 20 } as const;
const TEMPLATES = ['missed', 'visit', 'outage'] as const;
type Template = (typeof TEMPLATES)[number];
/** The server's rule for a phone on a notice (contracts/doorNotices.ts), checked before sending. */
const PHONE = /^\+?[0-9][0-9 ()-]{4,28}[0-9]$/;

interface Fields {
  message: string;
  date: string;
  phone: string;
}

export interface PickedHousehold {
  id: string;
  /** The address as the table shows it (3-2-401). */
  label: string;
}

/**
 * "打印入户通知" for the households picked in the register's table: a dialog to write the notice from a
 * ready text, the summary of which doors get it and which do not (and why), and the printout to open.
 */
export function DoorNoticeAction({
  households,
  onFinished,
}: {
  households: PickedHousehold[];
  /** The summary was closed: the picked rows may be let go. */
  onFinished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Fields>();
  const [open, setOpen] = useState(false);
  const [template, setTemplate] = useState<Template>('missed');
  const [visitDay, setVisitDay] = useState('');
  const [visitTime, setVisitTime] = useState('');
  // One key per notice written: a retry after a lost answer records it once (server: onceForKey).
  const [key, setKey] = useState('');
  const [result, setResult] = useState<TDoorNoticeResult | null>(null);
  const [sent, setSent] = useState<PickedHousehold[]>([]);

  // The register keeps no community phone: a notice starts from the one the office printed last.
  const defaults = useQuery({
    queryKey: ['doorNotices', 'defaults'],
    queryFn: ({ signal }) =>
      api('/api/v1/register/door-notices/defaults', { schema: ZDoorNoticeDefaults, signal }),
  });
  const send = useMutation({
    mutationFn: (body: TDoorNoticeInput) =>
      api('/api/v1/register/door-notices', {
        method: 'POST',
        body,
        schema: ZDoorNoticeResult,
        headers: { 'Idempotency-Key': key },
      }),
    onSuccess: (answer) => {
      setResult(answer);
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['doorNotices', 'defaults'] });
      for (const d of answer.done)
        void queryClient.invalidateQueries({ queryKey: ['household', d.id, 'history'] });
    },
  });

  const english = i18n.language === 'en';
  const timeText = (time: string) => {
    const [h = 0, m = 0] = time.split(':').map(Number);
    const minutes = String(m).padStart(2, '0');
    if (english) return `${h}:${minutes}`;
    const period =
      h < 12 ? t('doorNotice.morning') : h < 18 ? t('doorNotice.afternoon') : t('doorNotice.evening');
    const hour = h > 12 ? h - 12 : h;
    return `${period}${m === 0 ? t('doorNotice.clock', { hour }) : t('doorNotice.clockMinutes', { hour, minutes })}`;
  };
  const visitText = (day: string, time: string) =>
    t('doorNotice.texts.visit', {
      when: t('doorNotice.visitWhen', {
        date: day ? shortDate(day) : '＿月＿日',
        time: time ? timeText(time) : english ? '__:__' : '＿点',
      }),
    });
  const textOf = (which: Template, day = visitDay, time = visitTime) =>
    which === 'missed' ? t('doorNotice.texts.missed') : which === 'visit' ? visitText(day, time) : '';

  const start = () => {
    setTemplate('missed');
    setVisitDay('');
    setVisitTime('');
    setKey(crypto.randomUUID());
    send.reset();
    form.setFieldsValue({ message: textOf('missed'), date: todayIso(), phone: defaults.data?.phone ?? '' });
    setOpen(true);
  };
  const choose = (which: Template) => {
    setTemplate(which);
    form.setFieldsValue({ message: textOf(which) });
  };
  const onVisit = (day: string, time: string) => {
    setVisitDay(day);
    setVisitTime(time);
    form.setFieldsValue({ message: visitText(day, time) });
  };
  const submit = (fields: Fields) => {
    setSent(households);
    send.mutate({ householdIds: households.map((h) => h.id), ...fields });
  };

  const labelOf = (id: string) => sent.find((h) => h.id === id)?.label ?? id.slice(0, 8);
  const shown = households.slice(0, 6).map((h) => h.label);
  const addresses =
    households.length > shown.length
      ? t('doorNotice.andMore', { addresses: shown.join('、') })
      : shown.join('、');
  const label = (text: string) => <span style={BIG}>{text}</span>;

  return (
    <>
      <Button size="large" type="primary" onClick={start} data-testid="door-notice-open">
        {t('doorNotice.button')}
      </Button>
      <Modal
        open={open}
        title={<span style={{ fontSize: 24 }}>{t('doorNotice.title')}</span>}
        onCancel={() => setOpen(false)}
        footer={null}
        width={640}
        destroyOnHidden
      >
        <Form<Fields>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          data-testid="door-notice-form"
          style={BIG}
        >
          <Typography.Paragraph style={BIG}>
            {t('doorNotice.forHouseholds', { count: households.length, addresses })}
          </Typography.Paragraph>
          <Form.Item label={label(t('doorNotice.start'))}>
            <Radio.Group
              value={template}
              onChange={(event) => choose(event.target.value as Template)}
              optionType="button"
              size="large"
              aria-label={t('doorNotice.start')}
              data-testid="door-notice-templates"
              style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
              options={TEMPLATES.map((which) => ({
                value: which,
                label: <span style={{ fontSize: 18 }}>{t(`doorNotice.templates.${which}`)}</span>,
              }))}
            />
          </Form.Item>
          {template === 'visit' ? (
            <Flex gap={16} wrap>
              <Form.Item label={label(t('doorNotice.visitDate'))} htmlFor="door-notice-visit-day">
                <DateField
                  id="door-notice-visit-day"
                  value={visitDay}
                  onChange={(day) => onVisit(day, visitTime)}
                  min={todayIso()}
                  data-testid="door-notice-visit-day"
                />
              </Form.Item>
              <Form.Item label={label(t('doorNotice.visitTime'))} htmlFor="door-notice-visit-time">
                <TimeField
                  id="door-notice-visit-time"
                  value={visitTime}
                  onChange={(time) => onVisit(visitDay, time)}
                  data-testid="door-notice-visit-time"
                />
              </Form.Item>
            </Flex>
          ) : null}
          <Form.Item
            name="message"
            label={label(t('doorNotice.message'))}
            rules={[
              { required: true, whitespace: true, message: t('doorNotice.messageRequired') },
              {
                max: DOOR_NOTICE_MAX_LENGTH,
                message: t('doorNotice.messageTooLong', { max: DOOR_NOTICE_MAX_LENGTH }),
              },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 6 }}
              showCount
              maxLength={DOOR_NOTICE_MAX_LENGTH}
              placeholder={t('doorNotice.messagePlaceholder')}
              style={{ fontSize: 20, lineHeight: 1.6 }}
              data-testid="door-notice-message"
            />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item
              name="date"
              label={label(t('doorNotice.date'))}
              rules={[{ required: true, message: t('doorNotice.dateRequired') }]}
              style={{ flex: '1 1 200px' }}
            >
              <DateField value="" onChange={() => undefined} data-testid="door-notice-date" />
            </Form.Item>
            <Form.Item
              name="phone"
              label={label(t('doorNotice.phone'))}
              extra={t('doorNotice.phoneHint')}
              rules={[
                { required: true, whitespace: true, message: t('doorNotice.phoneRequired') },
                { pattern: PHONE, message: t('doorNotice.phoneInvalid') },
              ]}
              style={{ flex: '1 1 200px' }}
            >
              <Input
                size="large"
                inputMode="tel"
                autoComplete="tel"
                placeholder={t('doorNotice.phonePlaceholder')}
                style={{ fontSize: 20 }}
                data-testid="door-notice-phone"
              />
            </Form.Item>
          </Flex>
          {households.length > DOOR_NOTICE_MAX_HOUSEHOLDS ? (
            <Alert
              type="warning"
              showIcon
              title={t('doorNotice.tooMany', { max: DOOR_NOTICE_MAX_HOUSEHOLDS, count: households.length })}
              style={{ marginBottom: 16 }}
            />
          ) : null}
          {send.isError ? (
            <Alert type="error" showIcon title={errorText(send.error)} style={{ marginBottom: 16 }} />
          ) : null}
          <Flex gap={12} justify="end" wrap>
            <Button size="large" onClick={() => setOpen(false)}>
              {t('doorNotice.cancel')}
            </Button>
            <Button
              size="large"
              type="primary"
              htmlType="submit"
              disabled={households.length > DOOR_NOTICE_MAX_HOUSEHOLDS}
              loading={send.isPending}
              data-testid="door-notice-send"
            >
              {t('doorNotice.send')}
            </Button>
          </Flex>
        </Form>
      </Modal>
      <BulkResultDialog
        testId="door-notice-result"
        onClose={() => {
          setResult(null);
          onFinished();
        }}
        summary={
          result && {
            title: t('doorNotice.resultTitle'),
            doneHeading: t('doorNotice.resultDone', { count: result.done.length }),
            done: result.done.map((d) => ({ key: d.id, text: labelOf(d.id) })),
            refusedHeading: t('doorNotice.resultRefused', { count: result.refused.length }),
            refused: result.refused.map((r) => ({
              key: r.id,
              text: t('doorNotice.resultRow', { address: labelOf(r.id), reason: r.message }),
            })),
          }
        }
      >
        {result?.id ? (
          <Flex vertical gap={8} style={{ marginTop: 8 }}>
            <Button
              type="primary"
              size="large"
              href={`/api/v1/register/door-notices/${result.id}/pdf`}
              target="_blank"
              rel="noopener"
              data-testid="door-notice-print"
            >
              {t('doorNotice.print')}
            </Button>
            <span>{t('doorNotice.printHint')}</span>
          </Flex>
        ) : null}
      </BulkResultDialog>
    </>
  );
}
