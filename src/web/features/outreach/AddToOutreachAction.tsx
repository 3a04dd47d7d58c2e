import { Button, Flex, Input, Modal, Radio, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOutreachBulkResult } from '../../../shared/contracts/outreach';
import { BulkResultDialog } from '../../components/BulkResultDialog';
import { DateField } from '../../components/DateField';
import { useErrorText } from '../../components/ErrorAlert';
import { useAddHouseholds, useCreateOutreachList, useOutreachLists } from './api';

const BIG = { fontSize: 18 };

/**
 * "加入走访名单" for a bulk bar: the households picked in a table go onto an open outreach list, or a new one
 * made here (name, what it is for, finish-by day). Ends in the shared summary of what was added and what was
 * not, and why; then a link opens the list.
 */
export function AddToOutreachAction({
  householdIds,
  labelOf,
  onDone,
}: {
  householdIds: string[];
  /** The words naming a household in the summary (its address), from what the table showed. */
  labelOf: (id: string) => string;
  /** Called when the summary is closed after households were added (e.g. to clear the selection). */
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const lists = useOutreachLists('open', open);
  const create = useCreateOutreachList();
  const add = useAddHouseholds();
  const openLists = (lists.data?.items ?? []).filter((l) => l.mayManage);
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [listId, setListId] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [purpose, setPurpose] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ answer: TOutreachBulkResult; labels: Map<string, string> } | null>(
    null,
  );
  const [target, setTarget] = useState<{ id: string; title: string } | null>(null);
  const ids = { title: useId(), purpose: useId(), dueOn: useId(), list: useId() };
  const effectiveMode = openLists.length === 0 ? 'new' : mode;

  const submit = async () => {
    setError(null);
    const labels = new Map(householdIds.map((id) => [id, labelOf(id)]));
    try {
      let chosen: { id: string; title: string };
      if (effectiveMode === 'new') {
        if (!title.trim()) {
          setError(t('outreach.add.titleMissing'));
          return;
        }
        const made = await create.mutateAsync({
          title: title.trim(),
          ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
          ...(dueOn ? { dueOn } : {}),
        });
        chosen = { id: made.id, title: made.title };
      } else {
        const picked = openLists.find((l) => l.id === listId);
        if (!picked) {
          setError(t('outreach.add.pickList'));
          return;
        }
        chosen = { id: picked.id, title: picked.title };
      }
      const answer = await add.mutateAsync({ listId: chosen.id, body: { householdIds } });
      setTarget(chosen);
      setResult({ answer, labels });
      setOpen(false);
      setTitle('');
      setPurpose('');
      setDueOn('');
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <>
      <Button
        size="large"
        type="primary"
        disabled={householdIds.length === 0}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="add-to-outreach"
      >
        {t('outreach.add.button')}
      </Button>
      <Modal
        open={open}
        title={
          <span style={{ fontSize: 22 }}>{t('outreach.add.title', { count: householdIds.length })}</span>
        }
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText={t('outreach.add.ok')}
        cancelText={t('outreach.add.cancel')}
        okButtonProps={{ size: 'large', loading: create.isPending || add.isPending }}
        cancelButtonProps={{ size: 'large' }}
        width={560}
      >
        <Flex vertical gap={16} style={BIG} data-testid="outreach-dialog">
          <Typography.Paragraph style={{ ...BIG, margin: 0 }}>
            {t('outreach.add.picked', {
              labels: householdIds.slice(0, 6).map(labelOf).join('、') + (householdIds.length > 6 ? '…' : ''),
            })}
          </Typography.Paragraph>
          {openLists.length > 0 ? (
            <Radio.Group
              value={effectiveMode}
              onChange={(event) => setMode(event.target.value)}
              aria-label={t('outreach.add.choose')}
              size="large"
            >
              <Flex vertical gap={8}>
                <Radio value="existing" style={BIG}>
                  {t('outreach.add.existing')}
                </Radio>
                <Radio value="new" style={BIG} data-testid="outreach-new">
                  {t('outreach.add.new')}
                </Radio>
              </Flex>
            </Radio.Group>
          ) : lists.isSuccess ? (
            <Typography.Text style={BIG}>{t('outreach.add.noOpen')}</Typography.Text>
          ) : null}
          {effectiveMode === 'existing' ? (
            <Flex vertical gap={4}>
              <label htmlFor={ids.list}>{t('outreach.add.pickList')}</label>
              <Select
                id={ids.list}
                size="large"
                value={listId}
                onChange={setListId}
                data-testid="outreach-pick"
                options={openLists.map((l) => ({ value: l.id, label: l.title }))}
              />
            </Flex>
          ) : (
            <>
              <Flex vertical gap={4}>
                <label htmlFor={ids.title}>{t('outreach.add.title_')}</label>
                <Input
                  id={ids.title}
                  size="large"
                  value={title}
                  maxLength={80}
                  onChange={(event) => setTitle(event.target.value)}
                  placeholder={t('outreach.add.titlePlaceholder')}
                  data-testid="outreach-title"
                />
              </Flex>
              <Flex vertical gap={4}>
                <label htmlFor={ids.purpose}>{t('outreach.add.purpose')}</label>
                <Input.TextArea
                  id={ids.purpose}
                  value={purpose}
                  maxLength={300}
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  onChange={(event) => setPurpose(event.target.value)}
                  placeholder={t('outreach.add.purposePlaceholder')}
                  style={BIG}
                  data-testid="outreach-purpose"
                />
              </Flex>
              <Flex vertical gap={4}>
                <label htmlFor={ids.dueOn}>{t('outreach.add.dueOn')}</label>
                <DateField
                  id={ids.dueOn}
                  value={dueOn}
                  onChange={setDueOn}
                  allowClear
                  data-testid="outreach-due"
                />
              </Flex>
            </>
          )}
          {error ? (
            <Typography.Text type="danger" role="alert" style={BIG}>
              {error}
            </Typography.Text>
          ) : null}
        </Flex>
      </Modal>
      <BulkResultDialog
        testId="outreach-result"
        onClose={() => {
          const added = (result?.answer.done.length ?? 0) > 0;
          setResult(null);
          // The picked households stay picked until the summary is read.
          if (added) onDone?.();
        }}
        summary={
          result && {
            title: `${t('outreach.add.resultTitle')}：${target?.title ?? ''}`,
            doneHeading: t('outreach.add.resultDone', { count: result.answer.done.length }),
            done: result.answer.done.map((d) => ({ key: d.id, text: result.labels.get(d.id) ?? d.id })),
            refusedHeading: t('outreach.add.resultRefused', { count: result.answer.refused.length }),
            refused: result.answer.refused.map((r) => ({
              key: r.id,
              text: t('outreach.add.resultRow', {
                label: result.labels.get(r.id) ?? r.id,
                reason: r.message,
              }),
            })),
          }
        }
      >
        {target ? (
          <Link to={`/outreach/${target.id}`} style={BIG} data-testid="open-outreach-list">
            {t('outreach.add.openList')}：{target.title}
          </Link>
        ) : null}
      </BulkResultDialog>
    </>
  );
}
