import { useTranslation } from 'react-i18next';
import type { TErrand } from '../../../shared/contracts/careKeysMoney';
import { shortDate } from '../../lib/dates';

/**
 * When an errand is due, said in words: one a month late says it is overdue (not just its date),
 * however many times it was missed.
 */
export function ErrandWhen({ errand }: { errand: Pick<TErrand, 'status' | 'nextDueOn' | 'overdueCount'> }) {
  const { t } = useTranslation();
  if (!errand.nextDueOn) return null;
  const date = shortDate(errand.nextDueOn);
  if (errand.status === 'overdue') {
    return (
      <span className="linli-overdue" data-testid="errand-overdue">
        {errand.overdueCount > 1
          ? t('plain.errandOverdueMany', { count: errand.overdueCount, date })
          : t('plain.errandOverdueOne', { date })}
      </span>
    );
  }
  if (errand.status === 'due_today') return <strong>{t('plain.errandToday')}</strong>;
  return <>{t('plain.errandOn', { date })}</>;
}
