import type { ThemeConfig } from 'antd';

/**
 * Large type, high contrast and big touch targets: many who use Linli are in their sixties and seventies,
 * on a phone. Every text colour here keeps at least 4.5:1 against white.
 */
export const theme: ThemeConfig = {
  token: {
    // Those who ask their phone for less motion get none: dialogs appear at once, fully drawn.
    motion: !(
      typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
    ),
    fontSize: 18,
    fontSizeLG: 20,
    fontSizeSM: 16,
    controlHeight: 48,
    controlHeightLG: 56,
    controlHeightSM: 40,
    colorPrimary: '#1d4ed8',
    colorLink: '#1d4ed8',
    colorText: '#111111',
    colorTextSecondary: '#333333',
    colorTextTertiary: '#4a4a4a',
    colorTextDescription: '#4a4a4a',
    colorTextPlaceholder: '#595959',
    colorError: '#b91c1c',
    colorWarning: '#8a5a00',
    colorSuccess: '#166534',
    colorBorder: '#8c8c8c',
    borderRadius: 8,
  },
};
