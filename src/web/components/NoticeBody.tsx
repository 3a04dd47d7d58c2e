import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZPublicNotice } from '../../shared/contracts/welfare';
import { shortDate } from '../lib/dates';
import { yuan } from '../lib/format';

/**
 * A public notice as posted on the board: masked names, building only, policy and amount — nothing else.
 * Plain elements, no antd: the residents' page that shows it carries none of the staff app.
 */
export function NoticeBody({ notice }: { notice: z.infer<typeof ZPublicNotice> }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div className="linli-print-area" data-testid="welfare-notice">
      <h1 className="linli-title">{notice.title}</h1>
      <p>
        {t('welfare.noticePeriod', { starts: shortDate(notice.startsOn), ends: shortDate(notice.endsOn) })}
        {' · '}
        <strong>{t('welfare.daysLeft', { count: notice.workingDaysLeft })}</strong>
      </p>
      <h2 className="linli-subtitle" id={headingId}>
        {t('welfare.noticeEntries', { policy: notice.policyTitle })}
      </h2>
      <ul className="linli-list" aria-labelledby={headingId}>
        {notice.entries.map((e) => (
          <li key={e.applicationId} className="linli-list-item" data-testid="welfare-notice-entry">
            <span style={{ flex: '1 1 200px' }}>
              <strong style={{ fontSize: 22 }}>{e.maskedName}</strong> ·{' '}
              {t('care.building', { number: e.building })}
            </span>
            <span>
              {e.amountFen !== null ? t('welfare.amountMonthly', { amount: yuan(e.amountFen) }) : ''}
            </span>
          </li>
        ))}
      </ul>
      <p style={{ marginTop: 16 }}>{t('welfare.objectionHow', { contact: notice.objectionContact })}</p>
    </div>
  );
}
