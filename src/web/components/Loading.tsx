import { Flex, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ minHeight: 160 }} role="status" aria-live="polite">
      <Spin size="large" />
      <span style={{ marginInlineStart: 16 }}>{t('app.loading')}</span>
    </Flex>
  );
}
