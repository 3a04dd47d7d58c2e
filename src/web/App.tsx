import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppShell } from './app/AppShell';
import { lazyPage } from './app/lazyPage';
import { UpdatePrompt } from './app/UpdatePrompt';
import { Loading } from './components/Loading';
import { HomePage } from './features/home/HomePage';
import { isApiError } from './lib/api';

// Every page, and the signed-in frame itself, is its own chunk, so each area loads when it is opened. The
// residents' pages (/b/, /r/, /n/) are another app altogether (public.html, features/public/PublicApp.tsx).
// The frame and the home are drawn without antd and come with the app itself (a building leader's phone
// opens them first, and each chunk more would be a round trip more on slow 4G); every other page comes
// with antd and its provider (lazyPage).

const SettingsPage = lazyPage(() => import('./features/settings/SettingsPage'), 'SettingsPage');
const NotFoundPage = lazyPage(() => import('./app/NotFoundPage'), 'NotFoundPage');

const HouseholdsPage = lazyPage(() => import('./features/register/HouseholdsPage'), 'HouseholdsPage');
const HouseholdPage = lazyPage(() => import('./features/register/HouseholdPage'), 'HouseholdPage');
const RegisterSearchPage = lazyPage(
  () => import('./features/register/RegisterSearchPage'),
  'RegisterSearchPage',
);
const ImportPage = lazyPage(() => import('./features/register/ImportPage'), 'ImportPage');
const BuildingsPage = lazyPage(() => import('./features/register/BuildingsPage'), 'BuildingsPage');
const BuildingPicturePage = lazyPage(
  () => import('./features/register/BuildingPicturePage'),
  'BuildingPicturePage',
);
const ChainPage = lazyPage(() => import('./features/liaison/ChainPage'), 'ChainPage');
const CoveragePage = lazyPage(() => import('./features/liaison/CoveragePage'), 'CoveragePage');
const PositionPage = lazyPage(() => import('./features/liaison/PositionPage'), 'PositionPage');
const ReportsPage = lazyPage(() => import('./features/reports/ReportsPage'), 'ReportsPage');
const WaitingPage = lazyPage(() => import('./features/reports/ReportsPage'), 'WaitingPage');
const RatesPage = lazyPage(() => import('./features/reports/RatesPage'), 'RatesPage');
const ReportFormPage = lazyPage(() => import('./features/reports/ReportFormPage'), 'ReportFormPage');
const ReportDetailPage = lazyPage(() => import('./features/reports/ReportDetailPage'), 'ReportDetailPage');
const CarePage = lazyPage(() => import('./features/care/CarePage'), 'CarePage');
const VisitFormPage = lazyPage(() => import('./features/care/VisitFormPage'), 'VisitFormPage');
const MoneyPage = lazyPage(() => import('./features/care/MoneyPage'), 'MoneyPage');
const WelfarePage = lazyPage(() => import('./features/welfare/WelfarePage'), 'WelfarePage');
const PolicyPage = lazyPage(() => import('./features/welfare/PolicyPage'), 'PolicyPage');
const NoticePage = lazyPage(() => import('./features/welfare/NoticePage'), 'NoticePage');
const RosterPage = lazyPage(() => import('./features/welfare/RosterPage'), 'RosterPage');
const HouseholdWelfarePage = lazyPage(
  () => import('./features/welfare/HouseholdWelfarePage'),
  'HouseholdWelfarePage',
);
const StationPage = lazyPage(() => import('./features/service/StationPage'), 'StationPage');
const VolunteerPage = lazyPage(() => import('./features/service/VolunteerPage'), 'VolunteerPage');
const SessionPage = lazyPage(() => import('./features/service/SessionPage'), 'SessionPage');
const CheckinPage = lazyPage(() => import('./features/service/CheckinPage'), 'CheckinPage');
const RoundsPage = lazyPage(() => import('./features/service/RoundsPage'), 'RoundsPage');
const RoundPage = lazyPage(() => import('./features/service/RoundPage'), 'RoundPage');
const VolunteersPage = lazyPage(() => import('./features/service/VolunteersPage'), 'VolunteersPage');
const VolunteerHoursPage = lazyPage(
  () => import('./features/service/VolunteerHoursPage'),
  'VolunteerHoursPage',
);
const DoorRoundPage = lazyPage(() => import('./features/round/RoundPage'), 'RoundPage');
const RoundItemsPage = lazyPage(() => import('./features/round/ItemsPage'), 'ItemsPage');
const RoundWaitingPage = lazyPage(() => import('./features/round/WaitingPage'), 'WaitingPage');
const SubscriptionsPage = lazyPage(() => import('./features/round/SubscriptionsPage'), 'SubscriptionsPage');
const StatsPage = lazyPage(() => import('./features/stats/StatsPage'), 'StatsPage');
const SubdistrictPage = lazyPage(() => import('./features/stats/SubdistrictPage'), 'SubdistrictPage');
const CommunityDeskPage = lazyPage(() => import('./features/stats/CommunityDeskPage'), 'CommunityDeskPage');
const OutreachListsPage = lazyPage(() => import('./features/outreach/OutreachPages'), 'OutreachListsPage');
const OutreachListPage = lazyPage(() => import('./features/outreach/OutreachPages'), 'OutreachListPage');
const MonthlyReportPage = lazyPage(() => import('./features/stats/MonthlyReportPage'), 'MonthlyReportPage');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal or a missing record will not change on retry; a dropped connection may.
      retry: (failureCount, error) => failureCount < 2 && (!isApiError(error) || error.status === 0),
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <UpdatePrompt />
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route element={<AppShell />}>
              <Route index element={<HomePage />} />
              <Route path="households" element={<HouseholdsPage />} />
              <Route path="households/:id" element={<HouseholdPage />} />
              <Route path="register" element={<RegisterSearchPage />} />
              <Route path="register/import" element={<ImportPage />} />
              <Route path="buildings" element={<BuildingsPage />} />
              <Route path="buildings/:id" element={<BuildingPicturePage />} />
              <Route path="chain" element={<ChainPage />} />
              <Route path="chain/coverage" element={<CoveragePage />} />
              <Route path="chain/positions/:id" element={<PositionPage />} />
              <Route path="reports" element={<ReportsPage />} />
              <Route path="reports/rates" element={<RatesPage />} />
              <Route path="reports/new" element={<ReportFormPage />} />
              <Route path="reports/waiting" element={<WaitingPage />} />
              <Route path="reports/:id" element={<ReportDetailPage />} />
              <Route path="care" element={<CarePage />} />
              <Route path="care/plans/:id/visit" element={<VisitFormPage />} />
              <Route path="care/residents/:id/money" element={<MoneyPage />} />
              <Route path="welfare" element={<WelfarePage />} />
              <Route path="welfare/policies/:policyId" element={<PolicyPage />} />
              <Route path="welfare/notices/:id" element={<NoticePage />} />
              <Route path="welfare/roster" element={<RosterPage />} />
              <Route path="households/:id/welfare" element={<HouseholdWelfarePage />} />
              <Route path="service" element={<StationPage />} />
              <Route path="service/me" element={<VolunteerPage />} />
              <Route path="service/sessions/:id" element={<SessionPage />} />
              <Route path="service/checkin/:id" element={<CheckinPage />} />
              <Route path="service/rounds" element={<RoundsPage />} />
              <Route path="service/rounds/:id" element={<RoundPage />} />
              <Route path="service/volunteers" element={<VolunteersPage />} />
              <Route path="service/volunteers/:id" element={<VolunteerHoursPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="round" element={<DoorRoundPage />} />
              <Route path="round/items" element={<RoundItemsPage />} />
              <Route path="round/waiting" element={<RoundWaitingPage />} />
              <Route path="round/subscriptions" element={<SubscriptionsPage />} />
              <Route path="stats" element={<StatsPage />} />
              <Route path="subdistrict" element={<SubdistrictPage />} />
              <Route path="subdistrict/communities/:id" element={<CommunityDeskPage />} />
              <Route path="monthly-report" element={<MonthlyReportPage />} />
              <Route path="outreach" element={<OutreachListsPage />} />
              <Route path="outreach/:id" element={<OutreachListPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
