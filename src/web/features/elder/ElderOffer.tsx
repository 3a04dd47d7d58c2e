import { Button, Flex, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

/** The chain roles' first sign-in: 长辈模式 offered once, in plain words, with two big answers. */
export function ElderOffer({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('elder.offerTitle')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Flex vertical gap={12}>
          <Button type="primary" size="large" block onClick={onYes} data-testid="elder-offer-yes">
            {t('elder.offerYes')}
          </Button>
          <Button size="large" block onClick={onNo} data-testid="elder-offer-no">
            {t('elder.offerNo')}
          </Button>
        </Flex>
      }
    >
      <p style={{ fontSize: 20 }}>{t('elder.offerBody')}</p>
    </Modal>
  );
}
