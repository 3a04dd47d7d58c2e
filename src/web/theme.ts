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
  components: {
    // The calendar fits a 390 px phone (7 × 44 px + its padding) and every day is a 44 px target; the
    // hours and minutes too. antd's own sizes, from controlHeightSM, make the panel 454 px wide.
    DatePicker: {
      cellWidth: 44,
      cellHeight: 44,
      textHeight: 48,
      timeColumnWidth: 80,
      timeCellHeight: 44,
      timeColumnHeight: 44 * 6,
      withoutTimeCellHeight: 80,
    },
  },
};

/**
 * 长辈模式 (MIIT's age-friendly design rules): the main text at the chosen step (22, 26 or 30 px), line
 * height 1.4, every control at least 60 px high. The CSS under `html.linli-elder` (styles.css) carries
 * the same sizes to what antd does not draw.
 */
const elderThemes = new Map<number, ThemeConfig>();
export function themeFor(look: { elderMode: boolean; textStep: 1 | 2 | 3 }, textPx: number): ThemeConfig {
  if (!look.elderMode) return theme;
  const known = elderThemes.get(textPx);
  if (known) return known;
  const elder: ThemeConfig = {
    token: {
      ...theme.token,
      fontSize: textPx,
      fontSizeLG: textPx + 2,
      fontSizeSM: textPx,
      fontSizeHeading1: Math.round(textPx * 1.4),
      fontSizeHeading2: Math.round(textPx * 1.25),
      fontSizeHeading3: Math.round(textPx * 1.1),
      fontSizeHeading4: textPx,
      fontSizeHeading5: textPx,
      lineHeight: 1.4,
      controlHeight: 60,
      controlHeightLG: 64,
      controlHeightSM: 60,
      // Placeholders and secondary text as dark as the rest: small contrast differences are lost on old eyes.
      colorTextSecondary: '#222222',
      colorTextTertiary: '#333333',
      colorTextDescription: '#333333',
      colorTextPlaceholder: '#4a4a4a',
    },
    components: {
      // The same width as the ordinary look (a phone is no wider in 长辈模式), the days and times taller.
      DatePicker: {
        cellWidth: 44,
        cellHeight: 46,
        textHeight: 60,
        timeColumnWidth: 96,
        timeCellHeight: 60,
        timeColumnHeight: 60 * 5,
        withoutTimeCellHeight: 96,
      },
    },
  };
  elderThemes.set(textPx, elder);
  return elder;
}
