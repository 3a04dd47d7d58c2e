import { Suspense, useEffect } from 'react';
import { lazyWithAntd } from '../../app/lazyPage';
import type { CheckinTarget } from './CheckinDialogs';

/*
 * The check-in and outcome dialogs (a form, a modal, radio buttons: antd) load on the first tap that opens
 * one: the building leader's home is the first screen on a phone with patchy signal and comes without them
 * and without antd.
 */
const loadDialogs = () => import('./CheckinDialogs');
const CheckinModal = lazyWithAntd<DialogProps, Awaited<ReturnType<typeof loadDialogs>>, 'CheckinModal'>(
  loadDialogs,
  'CheckinModal',
);
const OutcomeModal = lazyWithAntd<DialogProps, Awaited<ReturnType<typeof loadDialogs>>, 'OutcomeModal'>(
  loadDialogs,
  'OutcomeModal',
);

/**
 * Fetched as soon as the list is mounted, with antd's provider, so a tap in a stairwell a moment after the
 * home opened, with no signal, still opens the dialog. (Waiting for the first screen to be drawn, as the
 * rest of what is kept for later does, left a leader who went into the stairwell at once without them.)
 */
export function usePreloadedDialogs(): void {
  useEffect(() => {
    void loadDialogs().catch(() => undefined);
    void import('../../app/AntdProvider').catch(() => undefined);
  }, []);
}

interface DialogProps {
  target: CheckinTarget | null;
  onClose: (saved: string | null) => void;
}

export function CheckinDialog(props: DialogProps) {
  if (!props.target) return null;
  return (
    <Suspense fallback={null}>
      <CheckinModal {...props} />
    </Suspense>
  );
}

export function OutcomeDialog(props: DialogProps) {
  if (!props.target) return null;
  return (
    <Suspense fallback={null}>
      <OutcomeModal {...props} />
    </Suspense>
  );
}
