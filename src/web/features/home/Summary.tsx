import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { THomeSummary } from '../../../shared/contracts/home';
import type { Role } from '../../../shared/roles';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useHomeSummary } from '../../lib/queries';
import { REGISTRY_ROLES } from '../../lib/roles';

const SUMMARY_FIELDS = ['households', 'residents', 'livingAlone', 'over80', 'withoutBuildingLeader'] as const;

/** The figures of the person's part of the community, in boxes: two to a row on a phone, three wider. */
export function Summary({ role }: { role: Role }) {
  const { t } = useTranslation();
  const canReadRegistry = REGISTRY_ROLES.includes(role);
  const summary = useHomeSummary(role !== 'admin');
  const headingId = useId();

  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const data: THomeSummary = summary.data;

  return (
    <section aria-labelledby={headingId} style={{ marginBottom: 24 }}>
      <h2 id={headingId} className="linli-h2">
        {t('home.summaryHeading')}
      </h2>
      {data.communities.length > 0 ? (
        <p className="linli-p">
          {t('home.community', { names: data.communities.map((c) => c.name).join('、') })}
        </p>
      ) : null}
      {canReadRegistry ? (
        <div className="linli-summary-grid">
          {SUMMARY_FIELDS.map((field) => (
            <Panel key={field} small data-testid={`summary-${field}`}>
              <div className="linli-stat-label">{t(`home.${field}`)}</div>
              <div className="linli-stat-value" data-testid={`summary-${field}-value`}>
                {data[field]}
              </div>
            </Panel>
          ))}
        </div>
      ) : null}
    </section>
  );
}

export function TasksHeading({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <h2 id={id} className="linli-h2">
      {t('home.tasksHeading')}
    </h2>
  );
}
