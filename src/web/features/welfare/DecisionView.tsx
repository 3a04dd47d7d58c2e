import { Button, Card, Flex, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { TDecision, ZExplanation, ZFactValue } from '../../../shared/contracts/welfare';
import { PrintButton, ReadAloudButton } from '../../components/ReadAloud';
import { currentLanguage } from '../../i18n';
import { shortDate } from '../../lib/dates';
import { yuan } from '../../lib/format';
import { StateTag } from './StateTag';
import '../../components/print.css';

type Explanation = z.infer<typeof ZExplanation>;

/** What is read aloud is exactly what is shown, line by line, in the order shown. */
export function spokenText(explanation: Explanation): string {
  return [explanation.summary, ...explanation.lines, ...explanation.whatWouldChange].join('\n');
}

const OUTCOME_TONE = { eligible: 'good', not_eligible: 'bad', needs_evidence: 'pending' } as const;

export function OutcomeTag({ outcome }: { outcome: TDecision['outcome'] }) {
  const { t } = useTranslation();
  return <StateTag tone={OUTCOME_TONE[outcome]}>{t(`welfare.outcomes.${outcome}`)}</StateTag>;
}

function useFactValue() {
  const { t } = useTranslation();
  return (value: z.infer<typeof ZFactValue> | number | boolean | null): string => {
    if (value === null) return t('welfare.unknown');
    if (typeof value === 'boolean') return value ? t('welfare.yes') : t('welfare.no');
    return String(value);
  };
}

/**
 * A decision as the household may see it: each condition passed or failed with their own value and the
 * threshold, then the plain-words explanation (printable in large type, or read aloud) in either language.
 */
export function DecisionView({ decision }: { decision: TDecision }) {
  const { t } = useTranslation();
  const headingId = useId();
  const show = useFactValue();
  const uiLang = currentLanguage();
  const otherLang = uiLang === 'en' ? 'zh-CN' : 'en';
  const [inOther, setInOther] = useState(false);
  const explanation = inOther ? decision.explanationOther : decision.explanation;
  const lang = inOther ? otherLang : uiLang;

  return (
    <Card data-testid="welfare-decision" data-outcome={decision.outcome} style={{ marginBlock: 16 }}>
      <div className="linli-print-area">
        <Typography.Title level={2} id={headingId} style={{ fontSize: 24, marginTop: 0 }}>
          {decision.policyTitle}
        </Typography.Title>
        <Typography.Paragraph>
          {decision.household.address.label} · {t('welfare.decisionDate', { date: shortDate(decision.date) })}
        </Typography.Paragraph>
        <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
          <OutcomeTag outcome={decision.outcome} />
          {decision.amountFen !== null ? (
            <strong style={{ fontSize: 22 }} data-testid="welfare-amount">
              {t('welfare.amountMonthly', { amount: yuan(decision.amountFen) })}
            </strong>
          ) : null}
        </Flex>
        {decision.missingFacts.length > 0 ? (
          <Typography.Paragraph>
            {t('welfare.missingFacts')}：{decision.missingFacts.map((f) => factLabel(t, f)).join('、')}
          </Typography.Paragraph>
        ) : null}
        <section lang={lang} data-testid="welfare-explanation" aria-label={t('welfare.explanationHeading')}>
          <p style={{ fontSize: 22, fontWeight: 600 }}>{explanation.summary}</p>
          {explanation.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {explanation.whatWouldChange.length > 0 ? (
            <ul style={{ paddingInlineStart: 24 }}>
              {explanation.whatWouldChange.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
      <Flex gap={12} wrap className="linli-no-print" style={{ marginBlock: 12 }}>
        <ReadAloudButton text={spokenText(explanation)} lang={lang} />
        <PrintButton />
        <Button size="large" lang={inOther ? undefined : otherLang} onClick={() => setInOther((v) => !v)}>
          {t(inOther ? 'welfare.showInMine' : 'welfare.showInOther')}
        </Button>
      </Flex>
      <Typography.Title level={3} style={{ fontSize: 20 }} className="linli-no-print">
        {t('welfare.conditionsHeading')}
      </Typography.Title>
      <ul className="linli-list linli-no-print" aria-labelledby={headingId}>
        {decision.conditions.map((c) => (
          <li
            key={c.id}
            className="linli-list-item"
            data-testid="welfare-condition"
            data-passed={String(c.passed)}
          >
            <span style={{ flex: '1 1 220px' }}>
              <strong>{c.label}</strong>
              <br />
              {t('welfare.yourValue')}：{show(c.value)} · {t('welfare.threshold')}：{show(c.threshold)}
              {c.exception ? (
                <>
                  <br />
                  {t('welfare.exception', { exception: c.exception })}
                </>
              ) : null}
            </span>
            {c.passed === null ? (
              <StateTag tone="pending">{t('welfare.unknown')}</StateTag>
            ) : c.passed ? (
              <StateTag tone="good">{t('welfare.passed')}</StateTag>
            ) : (
              <StateTag tone="bad">{t('welfare.failed')}</StateTag>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A fact's name as the form labels it; a derived fact the form does not ask for keeps its own name. */
export function factLabel(t: (key: string) => string, fact: string): string {
  const key = `welfare.facts.${fact}`;
  const label = t(key);
  return label === key ? fact : label;
}
