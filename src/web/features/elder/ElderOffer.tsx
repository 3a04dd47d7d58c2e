import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The chain roles' first sign-in: 长辈模式 offered once, in plain words, with two big answers. A dialog of
 * the browser's own (no antd: it opens over the building leader's home, which is drawn without it); it
 * closes only by an answer, not by Esc.
 */
export function ElderOffer({ onYes, onNo }: { onYes: () => void; onNo: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="linli-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={titleId} className="linli-h2" style={{ marginTop: 0 }}>
        {t('elder.offerTitle')}
      </h2>
      <p style={{ fontSize: 20 }}>{t('elder.offerBody')}</p>
      <div className="linli-dialog-actions">
        <button
          type="button"
          className="linli-button linli-button-primary linli-button-lg"
          onClick={onYes}
          data-testid="elder-offer-yes"
        >
          {t('elder.offerYes')}
        </button>
        <button
          type="button"
          className="linli-button linli-button-lg"
          onClick={onNo}
          data-testid="elder-offer-no"
        >
          {t('elder.offerNo')}
        </button>
      </div>
    </dialog>
  );
}
