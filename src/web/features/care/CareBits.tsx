import { useTranslation } from 'react-i18next';
import type { CheckinState, VisitStatus } from '../../../shared/contracts/care';
import { PlainTag } from '../../components/PlainTag';

/** Each state has words and a symbol, never a colour alone; every colour keeps ≥ 4.5:1 on its fill. */
const CHECKIN_LOOK: Record<CheckinState, { color: string; symbol: string }> = {
  escalated: { color: '#7f1d1d', symbol: '‼' },
  missed: { color: '#b91c1c', symbol: '!' },
  due: { color: '#6b4500', symbol: '◔' },
  resolved: { color: '#3730a3', symbol: '✔' },
  done: { color: '#166534', symbol: '✓' },
};

const VISIT_LOOK: Record<VisitStatus, { color: string; symbol: string }> = {
  overdue: { color: '#b91c1c', symbol: '!' },
  due_soon: { color: '#6b4500', symbol: '◔' },
  on_track: { color: '#166534', symbol: '✓' },
};

const TAG_STYLE = { fontSize: 17, padding: '4px 10px', marginInlineEnd: 0 } as const;

/* Plain labels, not antd's Tag: the building leader's home shows them and is drawn without antd. */

export function CheckinStateTag({ state }: { state: CheckinState }) {
  const { t } = useTranslation();
  const look = CHECKIN_LOOK[state];
  return (
    <PlainTag color={look.color} style={TAG_STYLE} data-testid="checkin-state" data-state={state}>
      <span aria-hidden="true">{look.symbol}&nbsp;</span>
      {t(`care.states.${state}`)}
    </PlainTag>
  );
}

export function VisitStatusTag({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  const look = VISIT_LOOK[status];
  return (
    <PlainTag color={look.color} style={TAG_STYLE} data-testid="visit-status" data-status={status}>
      <span aria-hidden="true">{look.symbol}&nbsp;</span>
      {t(`care.visitStatus.${status}`)}
    </PlainTag>
  );
}
