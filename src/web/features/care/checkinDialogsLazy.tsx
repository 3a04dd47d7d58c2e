import { lazy, Suspense, useEffect } from 'react';
import type { CheckinTarget } from './CheckinDialogs';

/*
 * The check-in and outcome dialogs (a form, a modal, radio buttons) load on the first tap that opens one:
 * the building leader's home is the first screen on a phone with patchy signal and comes without them.
 */
const loadDialogs = () => import('./CheckinDialogs');
const CheckinModal = lazy(() => loadDialogs().then((m) => ({ default: m.CheckinModal })));
const OutcomeModal = lazy(() => loadDialogs().then((m) => ({ default: m.OutcomeModal })));

/** Fetched once the list is on screen, so a tap in a stairwell with no signal still opens the dialog. */
export function usePreloadedDialogs(): void {
  useEffect(() => {
    void loadDialogs();
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
