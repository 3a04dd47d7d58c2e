import { useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import type { TSessionResponse } from '../../shared/contracts/auth';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { OutboxSender } from '../components/Outbox';
import { afterFirstScreen } from '../lib/afterFirstScreen';
import { useLogout, useSession } from '../lib/session';
import { signInAddress } from '../lib/signedInMark';
import { useDesk } from '../lib/useDesk';
import { keepWorkingSetFresh } from '../lib/workingSet';
import { AppHeader } from './AppHeader';
import type { DeskFrame as DeskFrameType } from './DeskFrame';
import { lazyWithAntd } from './lazyPage';
import { OfflineNotice } from './OfflineNotice';
import { prefetchPhoneFlows } from './prefetchPhoneFlows';

// The desk's frame (side menu, search) only for screens 1200 px and wider, with antd: a phone's frame
// (AppHeader) is drawn without it.
const DeskFrame = lazyWithAntd<
  ComponentProps<typeof DeskFrameType>,
  typeof import('./DeskFrame'),
  'DeskFrame'
>(() => import('./DeskFrame'), 'DeskFrame');

export interface ShellContext {
  session: TSessionResponse;
}

/** Every signed-in page: asks the server who is signed in, and sends everyone else to sign in. */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const location = useLocation();
  // Signing out ends at the plain sign-in page: the next person's sign-in must not reopen this one's page.
  const signingOut = useRef(false);
  const role = session.data?.user.role;
  const desk = useDesk();
  const queryClient = useQueryClient();
  // What the phone keeps for later waits until the first screen is drawn: on slow 4G it would hold it up.
  useEffect(() => {
    if (!role) return;
    let stop: () => void = () => undefined;
    const cancel = afterFirstScreen(queryClient, () => {
      prefetchPhoneFlows();
      stop = keepWorkingSetFresh(role);
    });
    return () => {
      cancel();
      stop();
    };
  }, [role, queryClient]);

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <main className="linli-page">
        <h1 className="linli-visually-hidden">{t('app.title')}</h1>
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) {
    return <ToSignIn from={signingOut.current ? '/' : location.pathname + location.search} />;
  }

  // Once signed out the session is null, and ToSignIn above takes the page to the sign-in.
  const signOut = () => {
    signingOut.current = true;
    logout.mutate();
  };

  const page = (
    // The header stays while the next area's code arrives.
    <Suspense fallback={<Loading />}>
      <Outlet context={{ session: session.data } satisfies ShellContext} />
    </Suspense>
  );

  if (desk) {
    return (
      <>
        <OutboxSender role={session.data.user.role} />
        <Suspense fallback={<Loading />}>
          <DeskFrame user={session.data.user} onSignOut={signOut} signingOut={logout.isPending}>
            <OfflineNotice />
            <main className="linli-page linli-desk-page">{page}</main>
          </DeskFrame>
        </Suspense>
      </>
    );
  }

  return (
    <>
      <OutboxSender role={session.data.user.role} />
      <AppHeader user={session.data.user} onSignOut={signOut} signingOut={logout.isPending} />
      <OfflineNotice />
      <main className="linli-page">{page}</main>
    </>
  );
}

/** The sign-in page is the light residents' bundle, so it is reached by loading it, not by routing. */
function ToSignIn({ from }: { from: string }) {
  useEffect(() => window.location.replace(signInAddress(from)), [from]);
  return <Loading />;
}
