/** The languages Linli speaks, Chinese first. Apart from the error catalogue so a page can know them cheaply. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
