import { Button, Card, Flex, Form, Input, Table, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TDecision, ZComparison } from '../../../shared/contracts/welfare';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ReadAloudButton } from '../../components/ReadAloud';
import { currentLanguage } from '../../i18n';
import { yuan } from '../../lib/format';
import { useResidentSearch } from '../../lib/queries';
import { useComparison } from './api';
import { StateTag } from './StateTag';

type ComparedCondition = z.infer<typeof ZComparison>['conditions'][number];
interface Neighbour {
  householdId: string;
  label: string;
}

function Verdict({ passed }: { passed: boolean | null }) {
  const { t } = useTranslation();
  if (passed === null) return <StateTag tone="pending">{t('welfare.unknown')}</StateTag>;
  return passed ? (
    <StateTag tone="good">{t('welfare.passed')}</StateTag>
  ) : (
    <StateTag tone="bad">{t('welfare.failed')}</StateTag>
  );
}

/**
 * "Why my neighbour and not me": the worker picks the neighbour the resident names, and the published
 * conditions are set side by side. Only this household's own figures are shown; of the neighbour, only
 * met / not met, and what their notice already made public.
 */
export function NeighbourCompare({ decision }: { decision: TDecision }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [q, setQ] = useState('');
  const [neighbour, setNeighbour] = useState<Neighbour | null>(null);
  const search = useResidentSearch({ q: q.trim(), limit: 8 }, q.trim().length > 0 && neighbour === null);
  const hits = (q.trim() ? (search.data?.items ?? []) : []).filter(
    (hit) => hit.householdId !== decision.household.householdId,
  );

  return (
    <section aria-labelledby={headingId} className="linli-no-print" style={{ marginBlock: 16 }}>
      <Typography.Title level={3} id={headingId} style={{ fontSize: 20 }}>
        {t('welfare.compareHeading')}
      </Typography.Title>
      {neighbour ? (
        <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
          <strong style={{ fontSize: 20 }}>{neighbour.label}</strong>
          <Button size="large" onClick={() => setNeighbour(null)}>
            {t('welfare.compareChange')}
          </Button>
        </Flex>
      ) : (
        <>
          <Form layout="vertical" component="div">
            <Form.Item
              label={t('welfare.compareSearch')}
              htmlFor="compare-search"
              style={{ marginBottom: 8 }}
            >
              <Input id="compare-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
            </Form.Item>
          </Form>
          <ul className="linli-list">
            {hits.map((hit) => (
              <li key={hit.residentId} className="linli-list-item">
                <span>
                  <strong>{hit.name}</strong> · {hit.address.label}
                </span>
                <Button
                  size="large"
                  onClick={() =>
                    setNeighbour({ householdId: hit.householdId, label: `${hit.address.label} ${hit.name}` })
                  }
                >
                  {t('welfare.compareWith')}
                  <span className="linli-visually-hidden"> {hit.name}</span>
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {neighbour ? <ComparisonView decisionId={decision.id} neighbourId={neighbour.householdId} /> : null}
    </section>
  );
}

function ComparisonView({ decisionId, neighbourId }: { decisionId: string; neighbourId: string }) {
  const { t } = useTranslation();
  const comparison = useComparison(decisionId, neighbourId);
  const tableId = useId();
  const show = (value: ComparedCondition['myValue'] | ComparedCondition['threshold']) => {
    if (value === null) return t('welfare.unknown');
    if (typeof value === 'boolean') return value ? t('welfare.yes') : t('welfare.no');
    return String(value);
  };
  if (comparison.isPending) return <Loading />;
  if (comparison.isError) {
    return <ErrorAlert error={comparison.error} onRetry={() => void comparison.refetch()} />;
  }
  const { lines, conditions, neighbourPublic } = comparison.data;
  return (
    <Card size="small" data-testid="welfare-comparison">
      <section lang={currentLanguage()} data-testid="welfare-comparison-lines">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      {neighbourPublic ? (
        <Typography.Paragraph data-testid="welfare-comparison-public">
          {t('welfare.compareNoticed', {
            name: neighbourPublic.maskedName,
            building: neighbourPublic.building,
            amount: neighbourPublic.amountFen === null ? '—' : yuan(neighbourPublic.amountFen),
          })}
        </Typography.Paragraph>
      ) : null}
      <Flex gap={12} wrap style={{ marginBlock: 12 }}>
        <ReadAloudButton text={lines.join('\n')} lang={currentLanguage()} />
      </Flex>
      <Typography.Title level={4} id={tableId} style={{ fontSize: 18 }}>
        {t('welfare.compareTable')}
      </Typography.Title>
      <Table<ComparedCondition>
        aria-labelledby={tableId}
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={conditions}
        onRow={(c) => ({ 'data-testid': 'welfare-compare-row', 'data-mine': String(c.mine) }) as object}
        columns={[
          { title: t('welfare.compareCondition'), dataIndex: 'label' },
          { title: t('welfare.compareMine'), key: 'mine', render: (_, c) => <Verdict passed={c.mine} /> },
          {
            title: t('welfare.compareTheirs'),
            key: 'theirs',
            render: (_, c) => <Verdict passed={c.theirs} />,
          },
          { title: t('welfare.compareMyValue'), key: 'myValue', render: (_, c) => show(c.myValue) },
          { title: t('welfare.threshold'), key: 'threshold', render: (_, c) => show(c.threshold) },
        ]}
      />
    </Card>
  );
}
