import { useTranslation } from 'react-i18next';
import type { THours } from '../../../shared/contracts/service';
import { DownloadButton } from '../../components/DownloadButton';
import { certificatePath } from './api';
import { hoursText } from './ServiceBits';

/** A volunteer's year by month, and the certificate to print: the same on their own page and the station's. */
export function HoursByMonth({ hours, testId }: { hours: THours; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <ul className="linli-list" data-testid={testId} aria-label={t('service.byMonth')}>
        {hours.months
          .filter((m) => m.minutes !== 0)
          .map((m) => (
            <li key={m.month} className="linli-list-item">
              <span>{m.month}</span>
              <span>{hoursText(m.minutes, t)}</span>
            </li>
          ))}
      </ul>
      <div style={{ marginTop: 12 }}>
        <DownloadButton
          path={certificatePath(hours.volunteer.id, hours.year)}
          fileName={`hours-${hours.year}.pdf`}
          testId="hours-certificate"
        >
          {t('service.certificate')}
        </DownloadButton>
      </div>
    </>
  );
}
