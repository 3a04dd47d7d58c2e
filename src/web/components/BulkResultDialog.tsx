import { Flex, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface BulkResultSummary {
  title: string;
  /** "办好了 3 条" — the heading over what was done. */
  doneHeading: string;
  /** One line per item done; left out where the heading says enough. */
  done?: { key: string; text: string }[];
  /** "没有办的 1 条" — shown only when something was refused. */
  refusedHeading: string;
  /** One line per refused item, with its reason already in it. */
  refused: { key: string; text: string }[];
}

/**
 * The summary every bulk action ends with: what was done and what was refused and why, in large
 * words, closed with one button.
 */
export function BulkResultDialog({
  summary,
  onClose,
  testId,
  children,
}: {
  summary: BulkResultSummary | null;
  onClose: () => void;
  testId: string;
  /** What to do next with what was done (the printout, the list they went to), below the lists. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={summary !== null}
      title={<span style={{ fontSize: 22 }}>{summary?.title}</span>}
      onOk={onClose}
      onCancel={onClose}
      okText={t('deskFrame.table.resultOk')}
      okButtonProps={{ size: 'large' }}
      cancelButtonProps={{ style: { display: 'none' } }}
    >
      {summary ? (
        <Flex vertical gap={8} data-testid={testId} style={{ fontSize: 18 }}>
          <strong>{summary.doneHeading}</strong>
          {summary.done && summary.done.length > 0 ? (
            <ul style={{ margin: 0 }}>
              {summary.done.map((d) => (
                <li key={d.key}>{d.text}</li>
              ))}
            </ul>
          ) : null}
          {summary.refused.length > 0 ? (
            <>
              <strong>{summary.refusedHeading}</strong>
              <ul style={{ margin: 0 }} data-testid={`${testId}-refused`}>
                {summary.refused.map((r) => (
                  <li key={r.key}>{r.text}</li>
                ))}
              </ul>
            </>
          ) : null}
          {children}
        </Flex>
      ) : null}
    </Modal>
  );
}
