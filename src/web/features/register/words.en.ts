import type { Widen } from '../../i18n/widen';
import type { doorNoticeZhCN } from './words';

export const doorNoticeEn: Widen<typeof doorNoticeZhCN> = {
  doorNotice: {
    selected: '{{count}} households selected',
    selectRow: 'Select this household: {{address}}',
    bulkBar: 'For the selected households',
    button: 'Print door notices',
    title: 'Write a door notice',
    forHouseholds: 'For these {{count}} households: {{addresses}}',
    andMore: '{{addresses}} and more',
    start: 'Start from',
    templates: {
      missed: 'Called, nobody home',
      visit: 'Home visit appointment',
      outage: 'Water or power cut',
    },
    texts: {
      missed:
        'A community worker called at your home today and you were out. Please ring the community when you can.',
      visit:
        'A community worker will visit your home on {{when}}. Please be at home. If this time does not suit you, please ring the community.',
    },
    visitWhen: '{{date}} at {{time}}',
    morning: '',
    afternoon: '',
    evening: '',
    clock: '{{hour}}:00',
    clockMinutes: '{{hour}}:{{minutes}}',
    visitDate: 'Visit day',
    visitTime: 'Time',
    message: 'What the notice says (you can change it)',
    messagePlaceholder:
      'E.g.: water is off on 10 December from 8 am to 5 pm for pipe repairs; please store some water.',
    messageRequired: 'Please write what the notice says.',
    messageTooLong: 'Too long: a notice holds at most {{max}} characters.',
    date: 'Date on the notice',
    dateRequired: 'Please choose the date on the notice.',
    phone: 'Phone residents should ring',
    phonePlaceholder: 'E.g. 010-6888 8888',
    phoneRequired: 'Please write a phone number residents can ring.',
    phoneInvalid: 'This phone number is not right: only digits, spaces and dashes.',
    phoneHint: 'Filled in for you next time.',
    tooMany: 'At most {{max}} households at a time; {{count}} are selected. Please select fewer.',
    send: 'Make the notices',
    cancel: 'Cancel',
    resultTitle: 'Door notices',
    resultDone: 'Notices made for {{count}} households',
    resultRefused: '{{count}} households without a notice',
    resultRow: '{{address}}: {{reason}}',
    print: 'Open to print',
    printHint: 'Two notices to an A4 sheet: cut along the dashed line and put each on its door.',
  },
};
