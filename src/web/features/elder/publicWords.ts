import type { Widen } from '../../i18n/widen';

/** Reading aloud and larger text: the residents' pages use these, and the staff app shares them. */
export const speechZhCN = {
  speech: {
    readAloud: '读给我听',
    stop: '停下',
    slower: '慢一点',
    faster: '快一点',
    rate: '语速：{{rate}}',
    rateSlow: '慢',
    rateNormal: '正常',
    rateFast: '快',
    largerText: '大字',
    largerTextOn: '大字：开',
    ordinaryText: '正常字',
  },
};

export const speechEn: Widen<typeof speechZhCN> = {
  speech: {
    readAloud: 'Read aloud',
    stop: 'Stop',
    slower: 'Slower',
    faster: 'Faster',
    rate: 'Speed: {{rate}}',
    rateSlow: 'slow',
    rateNormal: 'normal',
    rateFast: 'fast',
    largerText: 'Large text',
    largerTextOn: 'Large text: on',
    ordinaryText: 'Normal text',
  },
};
