import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { lazyWithAntd } from '../../app/lazyPage';
import { afterFirstScreen } from '../../lib/afterFirstScreen';
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
 * Fetched once the home is drawn and the phone is idle (not while it is still drawing), so a tap in a
 * stairwell with no signal still opens the dialog.
 */
export function usePreloadedDialogs(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      afterFirstScreen(queryClient, () => {
        void loadDialogs().catch(() => undefined);
        void import('../../app/AntdProvider').catch(() => undefined);
      }),
    [queryClient],
  );
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
