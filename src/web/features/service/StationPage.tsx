import { Button, Flex, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useDesk } from '../../lib/useDesk';
import { useServices } from './api';
import { PlanningSection } from './PlanningSection';
import { SeriesSection } from './SeriesSection';
import { ServiceCatalogue } from './ServiceCatalogue';
import { SessionForm } from './SessionForm';
import { ValueSection } from './ValueSection';

/** The desk's tables load only at a desk: the phone's station page carries none of them. */
const ServiceDesk = lazy(async () => ({ default: (await import('./ServiceTables')).ServiceDesk }));

/**
 * The station's page for workers and the committee: the value delivered, what is coming, what is short. At a
 * desk the same page opens on the station's tables (issue 23), the overview one tab among them.
 */
export function StationPage() {
  const { t } = useTranslation();
  const desk = useDesk();
  const services = useServices();
  const [planning, setPlanning] = useState(false);
  const available = services.data?.items ?? [];
  const overview = (
    <>
      <ValueSection />
      <PlanningSection />
      {services.data ? <SeriesSection services={available} manage /> : null}
      {services.isPending ? (
        <Loading />
      ) : services.isError ? (
        <ErrorAlert error={services.error} onRetry={() => void services.refetch()} />
      ) : (
        <ServiceCatalogue services={available} />
      )}
    </>
  );

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {t('service.stationHeading')}
      </Typography.Title>
      <Flex gap={12} wrap style={{ marginBottom: 24 }}>
        <Button
          type="primary"
          size="large"
          disabled={available.length === 0}
          onClick={() => setPlanning(true)}
          data-testid="new-session"
        >
          <span aria-hidden="true">＋&nbsp;</span>
          {t('service.newSession')}
        </Button>
        <Link to="/service/rounds" className="linli-button-link linli-button-secondary">
          {t('service.roundsLink')}
        </Link>
        <Link to="/service/volunteers" className="linli-button-link linli-button-secondary">
          {t('service.allVolunteers')}
        </Link>
      </Flex>
      {desk ? (
        <Suspense fallback={<Loading />}>
          <ServiceDesk overview={overview} />
        </Suspense>
      ) : (
        overview
      )}
      {planning ? <SessionForm services={available} onClose={() => setPlanning(false)} /> : null}
    </>
  );
}
