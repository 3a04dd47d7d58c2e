/*
 * The pages of a round on the stairs — record a report, a household, a visit, today's care, the
 * deliveries — fetched once the home is on screen and the phone is idle (AppShell, lib/afterFirstScreen.ts),
 * one after another, each in an idle moment of its own. The service worker keeps them
 * too, but only from its first install on; this way a building leader who opened Linli once with signal
 * can record a report in the stairwell a minute later.
 */
const PHONE_FLOWS = [
  () => import('../features/reports/ReportFormPage'),
  () => import('../features/register/HouseholdPage'),
  () => import('../features/care/VisitFormPage'),
  () => import('../features/care/CarePage'),
  () => import('../features/service/RoundsPage'),
];

export function prefetchPhoneFlows(): void {
  const next = (index: number) => {
    const load = PHONE_FLOWS[index];
    if (!load) return;
    void load()
      .catch(() => undefined)
      .then(() => {
        if ('requestIdleCallback' in window)
          window.requestIdleCallback(() => next(index + 1), { timeout: 3000 });
        else setTimeout(() => next(index + 1), 200);
      });
  };
  next(0);
}
