import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AlertBox, ErrorAlert } from '../../components/ErrorAlert';
import { useErrandDone, useErrandsDue } from '../care/api';
import { ErrandWhen } from '../care/ErrandWhen';
import { useReports } from '../reports/api';

/**
 * The errands a building leader is to run today or has let slip (a month-late electricity bill
 * included), each with the button that records it done.
 */
export function ErrandsToday() {
  const { t } = useTranslation();
  const headingId = useId();
  const due = useErrandsDue();
  const done = useErrandDone();
  const [notice, setNotice] = useState<string | null>(null);
  if (due.isPending) return null;
  if (due.isError) return <ErrorAlert error={due.error} onRetry={() => void due.refetch()} />;
  const errands = due.data.people.flatMap((person) => person.errands);
  if (errands.length === 0 && !notice) return null;
  return (
    <section aria-labelledby={headingId} data-testid="home-errands" style={{ marginBottom: 24 }}>
      <h2 id={headingId} className="linli-h2" style={{ fontSize: 26 }}>
        {t('plain.todo.errandsHeading')}
      </h2>
      {notice ? <AlertBox tone="success" role="status" title={notice} style={{ marginBottom: 12 }} /> : null}
      {done.isError ? <ErrorAlert error={done.error} style={{ marginBottom: 12 }} /> : null}
      <ul className="linli-list" aria-labelledby={headingId}>
        {errands.map((errand) => (
          <li key={errand.id} className="linli-list-item" data-testid="home-errand">
            <div style={{ flex: '1 1 100%' }}>
              <div className="linli-todo">
                {t('plain.todo.errandFor', { name: errand.resident.name, title: errand.title })}
              </div>
              <Link to={`/households/${errand.resident.householdId}`} className="linli-strong-link">
                {errand.resident.address.label}
              </Link>
              <div>
                <ErrandWhen errand={errand} />
              </div>
            </div>
            <button
              type="button"
              className="linli-button linli-button-primary linli-button-lg linli-care-button"
              disabled={done.isPending && done.variables?.errandId === errand.id}
              aria-busy={done.isPending && done.variables?.errandId === errand.id}
              onClick={() =>
                done.mutate(
                  { errandId: errand.id },
                  { onSuccess: () => setNotice(t('care.errandDoneSaved', { title: errand.title })) },
                )
              }
            >
              {t('plain.todo.errandDone')}
              <span className="linli-visually-hidden"> {errand.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Reports waiting for the building leader: the ones in their hands not yet looked at, each with the
 * button that opens it, and how many others are still being dealt with.
 */
export function ReportsWaiting() {
  const { t } = useTranslation();
  const headingId = useId();
  const reports = useReports('open', undefined, 50);
  if (reports.isPending || reports.isError) return null;
  const mine = reports.data.items.filter(
    (r) => r.responsibleTier === 'building_leader' && r.acknowledgedAt === null,
  );
  const others = reports.data.items.length - mine.length;
  if (mine.length === 0 && others === 0) return null;
  return (
    <section aria-labelledby={headingId} data-testid="home-reports" style={{ marginBottom: 24 }}>
      <h2 id={headingId} className="linli-h2" style={{ fontSize: 26 }}>
        {t('plain.todo.reportsHeading')}
      </h2>
      <ul className="linli-list" aria-labelledby={headingId}>
        {mine.map((report) => (
          <li key={report.id} className="linli-list-item" data-testid="home-report">
            <span className="linli-todo" style={{ flex: '1 1 200px' }}>
              {t('plain.todo.reportToHandle', { place: report.place, category: report.categoryName })}
            </span>
            <Link to={`/reports/${report.id}`} className="linli-button-link">
              {t('plain.todo.reportOpen')}
              <span className="linli-visually-hidden"> {report.place}</span>
            </Link>
          </li>
        ))}
        {others > 0 ? (
          <li className="linli-list-item">
            <span style={{ flex: '1 1 200px' }}>{t('plain.todo.reportsInHand', { count: others })}</span>
            <Link to="/reports" className="linli-button-link">
              {t('plain.todo.reportsSee')}
            </Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
