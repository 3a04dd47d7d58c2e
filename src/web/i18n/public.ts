import { startI18n } from './index';
import { publicEn } from './public.en';
import { publicZhCN } from './public.zh-CN';

startI18n({ 'zh-CN': publicZhCN, en: publicEn });
