import { Radio, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackLink } from '../../components/BackLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useSignals, useWaiting } from './api';
import './round.css';

const DAY_CHOICES = [1, 3, 7] as const;

/**
 * The waiting list (issue 19): letters, notices and parcels not collected for N days and registered
 * letters waiting for a signature; and the households whose papers are piling up, each with why.
 */
export function WaitingPage() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(3);
  const waiting = useWaiting(days);
  const signals = useSignals();
  const headingId = useId();
  const itemsId = useId();
  const signalsId = useId();

  return (
    <div className="linli-round" data-testid="round-waiting-page">
      <BackLink to="/round">{t('round.heading')}</BackLink>
      <Typography.Title level={1} id={headingId}>
        {t('round.waiting.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('round.waiting.intro')}</Typography.Paragraph>

      <section aria-labelledby={signalsId}>
        <Typography.Title level={2} id={signalsId}>
          {t('round.waiting.signalsHeading')}
        </Typography.Title>
        {signals.isPending ? (
          <Loading />
        ) : signals.isError ? (
          <ErrorAlert error={signals.error} onRetry={() => void signals.refetch()} />
        ) : signals.data.items.length === 0 ? (
          <Typography.Paragraph>{t('round.waiting.signalsEmpty')}</Typography.Paragraph>
        ) : (
          <ul className="linli-round-doors" data-testid="round-signals">
            {signals.data.items.map((s) => (
              <li key={s.id} className="linli-door" data-signal="true" data-testid="round-signal">
                <div className="linli-door-address">{s.address}</div>
                {s.residentName ? <div className="linli-door-people">{s.residentName}</div> : null}
                <div className="linli-door-people">{s.why}</div>
                <div className="linli-door-people">
                  {t('round.waiting.since', { date: s.since, days: s.days })}
                </div>
                <div className="linli-round-kinds">
                  {s.checkinId ? (
                    <span className="linli-round-chip" data-tone="alarm">
                      {t('round.waiting.checkinStarted')}
                    </span>
                  ) : null}
                  {s.escalatedAt ? (
                    <span className="linli-round-chip" data-tone="alarm">
                      {t('round.waiting.escalated')}
                    </span>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={itemsId}>
        <Typography.Title level={2} id={itemsId}>
          {t('round.waiting.itemsHeading')}
        </Typography.Title>
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 8px' }}>
          <legend style={{ fontSize: '1.15rem' }}>{t('round.waiting.daysLabel')}</legend>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={days}
            onChange={(e) => setDays(e.target.value as number)}
            options={DAY_CHOICES.map((d) => ({ value: d, label: t('round.waiting.days', { count: d }) }))}
          />
        </fieldset>
        {waiting.isPending ? (
          <Loading />
        ) : waiting.isError ? (
          <ErrorAlert error={waiting.error} onRetry={() => void waiting.refetch()} />
        ) : waiting.data.items.length === 0 ? (
          <Typography.Paragraph>{t('round.waiting.itemsEmpty')}</Typography.Paragraph>
        ) : (
          <ul style={{ listStyle: 'none', padding: 0 }} data-testid="round-waiting-items">
            {waiting.data.items.map((item) => (
              <li key={item.id} className="linli-round-row" data-kind={item.kind}>
                <span className="linli-round-row-main">
                  <strong>{item.address}</strong> · {t(`round.kinds.${item.kind}`)}
                  {item.paper ? `《${item.paper}》` : ''}
                </span>
                {item.kind === 'registered' ? (
                  <span className="linli-round-chip" data-tone="alarm">
                    {t('round.needsSignature')}
                  </span>
                ) : null}
                <span className="linli-round-chip">
                  {t('round.waiting.waitedDays', { count: item.waitingDays })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
