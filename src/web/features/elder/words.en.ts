import type { Widen } from '../../i18n/widen';
import type { elderZhCN } from './words';

export const elderEn: Widen<typeof elderZhCN> = {
  elder: {
    switch: 'Elder mode',
    switchOn: 'Elder mode: on',
    switchOff: 'Elder mode: off',
    textSize: 'Text size',
    step1: 'Large',
    step2: 'Larger',
    step3: 'Largest',
    offerTitle: 'Would you like elder mode?',
    offerBody:
      'Bigger text, bigger buttons, and every card can be read aloud. You can turn it off at the top of the page at any time.',
    offerYes: 'Yes, use elder mode',
    offerNo: 'No, thank you',
    saveFailed: 'Not saved to your account yet; this phone remembers it and will try again.',
    more: 'More things to do',
    oneOf: '{{n}} of {{count}}',
    next: 'Next',
    previous: 'Previous',
  },
};
