import type { Widen } from '../../i18n/widen';
import type { settingsZhCN } from './words';

export const settingsEn: Widen<typeof settingsZhCN> = {
  settings: {
    link: 'Reminders',
    heading: 'Reminders',
    intro:
      'While Linli is closed, these reach this phone at once. A reminder says what and where, never a name.',
    thisPhone: 'This phone',
    on: 'This phone receives reminders.',
    off: 'This phone does not receive reminders yet.',
    turnOn: 'Receive reminders on this phone',
    turnOff: 'Stop reminders on this phone',
    devices: 'Reminders reach {{count}} of your phones.',
    noSupport:
      'This browser cannot receive reminders. Open Linli in the phone’s own browser and add it to the home screen.',
    denied:
      'This phone does not allow Linli to send reminders. Allow it under Settings → Notifications, then try again.',
    failed: 'Reminders could not be turned on: {{message}}',
    kindsHeading: 'What to be reminded of',
    kinds: {
      emergency_report: 'Emergency reports (community committee)',
      report_assigned: 'Reports given to me',
      ladder_step: 'Someone has not checked in and I should ask',
    },
    saved: 'Saved',
  },
};
