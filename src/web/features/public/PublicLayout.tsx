import { Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';

/** The resident's pages: no sign-in, no staff menu; large type for reading on a phone at the notice board. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <header className="linli-header">
        <Flex className="linli-page" justify="space-between" align="center" wrap gap={8}>
          <span className="linli-brand">{t('public.brand')}</span>
          <LanguageSwitch />
        </Flex>
      </header>
      <main className="linli-page" style={{ fontSize: 20, maxWidth: 640 }}>
        {children}
      </main>
    </>
  );
}
