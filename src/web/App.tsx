import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { isApiError } from './api/client';
import { AppShell } from './components/AppShell';
import { BuildingPicturePage } from './pages/BuildingPicturePage';
import { BuildingsPage } from './pages/BuildingsPage';
import { ChainPage } from './pages/ChainPage';
import { CoveragePage } from './pages/CoveragePage';
import { CarePage } from './pages/care/CarePage';
import { MoneyPage } from './pages/care/MoneyPage';
import { VisitFormPage } from './pages/care/VisitFormPage';
import { HomePage } from './pages/HomePage';
import { HouseholdPage } from './pages/HouseholdPage';
import { HouseholdsPage } from './pages/HouseholdsPage';
import { ImportPage } from './pages/ImportPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PositionPage } from './pages/PositionPage';
import { FollowReportPage } from './pages/public/FollowReportPage';
import { PublicReportPage } from './pages/public/PublicReportPage';
import { RatesPage } from './pages/RatesPage';
import { RegisterSearchPage } from './pages/RegisterSearchPage';
import { ReportDetailPage } from './pages/ReportDetailPage';
import { ReportFormPage } from './pages/ReportFormPage';
import { ReportsPage, WaitingPage } from './pages/ReportsPage';
import { CheckinPage } from './pages/service/CheckinPage';
import { RoundPage } from './pages/service/RoundPage';
import { RoundsPage } from './pages/service/RoundsPage';
import { SessionPage } from './pages/service/SessionPage';
import { StationPage } from './pages/service/StationPage';
import { VolunteerHoursPage } from './pages/service/VolunteerHoursPage';
import { VolunteerPage } from './pages/service/VolunteerPage';
import { VolunteersPage } from './pages/service/VolunteersPage';
import { HouseholdWelfarePage } from './pages/welfare/HouseholdWelfarePage';
import { NoticePage } from './pages/welfare/NoticePage';
import { PolicyPage } from './pages/welfare/PolicyPage';
import { PublicNoticePage } from './pages/welfare/PublicNoticePage';
import { RosterPage } from './pages/welfare/RosterPage';
import { WelfarePage } from './pages/welfare/WelfarePage';
import { theme } from './theme';

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
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={theme}
      // "登录" must read as one word to screen readers and tests, not "登 录".
      button={{ autoInsertSpace: false }}
    >
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/b/:buildingId" element={<PublicReportPage />} />
            <Route path="/r/:token" element={<FollowReportPage />} />
            <Route path="/n/:id" element={<PublicNoticePage />} />
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
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
