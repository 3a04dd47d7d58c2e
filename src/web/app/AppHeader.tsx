import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TUser } from '../../shared/contracts/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OutboxIndicator } from '../components/Outbox';
import { ElderModeSwitch } from '../features/elder/ElderModeSwitch';

interface Props {
  user?: TUser;
  onSignOut?: () => void;
  signingOut?: boolean;
}

/** The phone's header, drawn without antd: it is on the first screen a building leader opens. */
export function AppHeader({ user, onSignOut, signingOut }: Props) {
  const { t } = useTranslation();
  return (
    <header className="linli-header">
      <div className="linli-page linli-header-inner">
        <div className="linli-flex linli-header-row">
          <Link to="/" className="linli-brand">
            {t('app.title')}
          </Link>
          <div className="linli-flex" style={{ flexWrap: 'nowrap' }}>
            {/* A place for header switches other areas add (e.g. 长辈模式). */}
            <div className="linli-flex linli-header-slot" data-testid="header-slot">
              <ElderModeSwitch />
            </div>
            <LanguageSwitch />
          </div>
        </div>
        {user ? (
          <div className="linli-flex linli-header-row">
            <span className="linli-user">
              <span className="linli-visually-hidden">{t('header.signedInAs')} </span>
              <strong data-testid="user-name">{user.displayName}</strong>
              <span aria-hidden="true"> · </span>
              <span data-testid="user-role">{t(`roles.${user.role}`)}</span>
            </span>
            <OutboxIndicator />
            <div className="linli-flex">
              <Link to="/settings" className="linli-header-link">
                {t('settings.link')}
              </Link>
              <button
                type="button"
                className="linli-button"
                onClick={onSignOut}
                disabled={signingOut ?? false}
                aria-busy={signingOut ?? false}
              >
                {t('header.signOut')}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </header>
  );
}
