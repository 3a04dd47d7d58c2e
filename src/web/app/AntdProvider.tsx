import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ELDER_TEXT_PX, useLook } from '../lib/elderMode';
import { themeFor } from '../theme';

/**
 * antd's locale and our theme (large type, 长辈模式's sizes), around the pages and frames drawn with antd
 * only. The phone's first screen (the signed-in header and the building leader's home) is drawn without
 * antd, so this module and antd arrive with the first page that needs them (app/lazyPage.tsx).
 */
export function AntdProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const look = useLook();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={themeFor(look, ELDER_TEXT_PX[look.textStep])}
      // "登录" must read as one word to screen readers and tests, not "登 录".
      button={{ autoInsertSpace: false }}
    >
      {children}
    </ConfigProvider>
  );
}
