import { useTranslation } from 'react-i18next';
import type { Language } from '../../shared/languages';
import { currentLanguage, setLanguage } from '../i18n';

const CHOICES: readonly { language: Language; labelKey: 'lang.zh' | 'lang.en' }[] = [
  { language: 'zh-CN', labelKey: 'lang.zh' },
  { language: 'en', labelKey: 'lang.en' },
];

/** Two plain buttons, each written in its own language, so anyone can find theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  return (
    <fieldset aria-label={t('lang.label')} data-lang={i18n.language} className="linli-button-group">
      {CHOICES.map(({ language, labelKey }) => (
        <button
          key={language}
          type="button"
          lang={language}
          className={`linli-button${active === language ? ' linli-button-primary' : ''}`}
          aria-pressed={active === language}
          onClick={() => void setLanguage(language)}
        >
          {t(labelKey)}
        </button>
      ))}
    </fieldset>
  );
}
