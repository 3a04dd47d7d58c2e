/*
 * The pages of a round on the stairs — record a report, a household, a visit, today's care, the
 * deliveries — fetched once the home is on screen and the phone is idle (AppShell,
 * lib/afterFirstScreen.ts). The service worker keeps them too, but only from its first install on; this
 * way a building leader who opened Linli once with signal can record a report in the stairwell a minute
 * later.
 */
const PHONE_FLOWS = [
  () => import('../features/reports/ReportFormPage'),
  () => import('../features/register/HouseholdPage'),
  () => import('../features/care/VisitFormPage'),
  () => import('../features/care/CarePage'),
  () => import('../features/service/RoundsPage'),
];

export function prefetchPhoneFlows(): void {
  // All at once: a leader may walk into the stairwell a moment after the home is drawn.
  for (const load of PHONE_FLOWS) void load().catch(() => undefined);
}
