import { Button, Flex } from 'antd';
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

export function AppHeader({ user, onSignOut, signingOut }: Props) {
  const { t } = useTranslation();
  return (
    <header className="linli-header">
      <Flex className="linli-page" vertical gap={8}>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Link to="/" className="linli-brand">
            {t('app.title')}
          </Link>
          <Flex align="center" gap={8}>
            {/* A place for header switches other areas add (e.g. 长辈模式). */}
            <Flex className="linli-header-slot" data-testid="header-slot" align="center" gap={8}>
              <ElderModeSwitch />
            </Flex>
            <LanguageSwitch />
          </Flex>
        </Flex>
        {user ? (
          <Flex justify="space-between" align="center" wrap gap={8}>
            <span className="linli-user">
              <span className="linli-visually-hidden">{t('header.signedInAs')} </span>
              <strong data-testid="user-name">{user.displayName}</strong>
              <span aria-hidden="true"> · </span>
              <span data-testid="user-role">{t(`roles.${user.role}`)}</span>
            </span>
            <OutboxIndicator />
            <Flex gap={8} wrap>
              <Link to="/settings" className="linli-header-link">
                {t('settings.link')}
              </Link>
              <Button onClick={onSignOut} loading={signingOut ?? false}>
                {t('header.signOut')}
              </Button>
            </Flex>
          </Flex>
        ) : null}
      </Flex>
    </header>
  );
}
