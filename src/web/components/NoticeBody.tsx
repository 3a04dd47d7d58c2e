import { Typography } from 'antd';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ZPublicNotice } from '../../shared/contracts/welfare';
import { shortDate } from '../lib/dates';
import { yuan } from '../lib/format';

/** A public notice as posted on the board: masked names, building only, policy and amount — nothing else. */
export function NoticeBody({ notice }: { notice: z.infer<typeof ZPublicNotice> }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <div className="linli-print-area" data-testid="welfare-notice">
      <Typography.Title level={1} style={{ fontSize: 30, marginTop: 8 }}>
        {notice.title}
      </Typography.Title>
      <Typography.Paragraph>
        {t('welfare.noticePeriod', { starts: shortDate(notice.startsOn), ends: shortDate(notice.endsOn) })}
        {' · '}
        <strong>{t('welfare.daysLeft', { count: notice.workingDaysLeft })}</strong>
      </Typography.Paragraph>
      <Typography.Title level={2} id={headingId} style={{ fontSize: 24 }}>
        {t('welfare.noticeEntries', { policy: notice.policyTitle })}
      </Typography.Title>
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
      <Typography.Paragraph style={{ marginTop: 16 }}>
        {t('welfare.objectionHow', { contact: notice.objectionContact })}
      </Typography.Paragraph>
    </div>
  );
}
