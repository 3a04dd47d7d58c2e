import { Button, Flex, Input, Layout, Menu } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { TUser } from '../../shared/contracts/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OutboxIndicator } from '../components/Outbox';
import { ElderModeSwitch } from '../features/elder/ElderModeSwitch';
import { useHomeSummary } from '../lib/queries';
import { type DeskArea, deskAreas, REGISTRY_ROLES } from '../lib/roles';

/** Which menu area a path belongs to; the longest matching start wins. */
const AREA_PATHS: { prefix: string; area: DeskArea }[] = [
  { prefix: '/reports', area: 'reports' },
  { prefix: '/households', area: 'register' },
  { prefix: '/register', area: 'register' },
  { prefix: '/buildings', area: 'buildings' },
  { prefix: '/care', area: 'care' },
  { prefix: '/welfare', area: 'welfare' },
  { prefix: '/service', area: 'service' },
  { prefix: '/chain', area: 'chain' },
  { prefix: '/monthly-report', area: 'monthly' },
  { prefix: '/outreach', area: 'outreach' },
];

function areaOf(pathname: string): DeskArea {
  if (/^\/households\/[^/]+\/welfare/.test(pathname)) return 'welfare';
  return AREA_PATHS.find((p) => pathname === p.prefix || pathname.startsWith(`${p.prefix}/`))?.area ?? 'home';
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === 'INPUT' ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    target.getAttribute('role') === 'combobox'
  );
}

/** A dialog, drawer, dropdown or popover is open: Esc belongs to it, not to "go back". */
function somethingOpen(): boolean {
  const selectors = [
    '.ant-modal-wrap',
    '.ant-drawer-open',
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden)',
    '.ant-dropdown:not(.ant-dropdown-hidden)',
    '.ant-popover:not(.ant-popover-hidden)',
    '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)',
  ];
  return selectors.some((selector) =>
    [...document.querySelectorAll<HTMLElement>(selector)].some(
      (el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed',
    ),
  );
}

/**
 * The office frame (≥ 1200 px): a top bar with the person, their community, the register search, the
 * language switch and sign out; a side menu of the areas the role may use; the page in the full width.
 */
export function DeskFrame({
  user,
  onSignOut,
  signingOut,
  children,
}: {
  user: TUser;
  onSignOut: () => void;
  signingOut: boolean;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  const searchId = useId();
  const [text, setText] = useState('');
  const canSearch = REGISTRY_ROLES.includes(user.role);
  const summary = useHomeSummary(user.role !== 'admin');
  const communities = summary.data?.communities.map((c) => c.name).join('、') ?? '';
  const personLine = [user.displayName, t(`roles.${user.role}`), communities].filter(Boolean).join(' · ');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/' && canSearch && !isTyping(event.target)) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.key === 'Escape' && !isTyping(event.target) && !somethingOpen()) {
        const index = (window.history.state as { idx?: number } | null)?.idx ?? 0;
        if (index > 0) void navigate(-1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canSearch, navigate]);

  const items = deskAreas(user.role).map(({ area, to }) => ({
    key: area,
    label: <Link to={to}>{t(`deskFrame.menu.${area}`)}</Link>,
  }));

  return (
    <Layout className="linli-desk" style={{ minHeight: '100vh' }}>
      <header className="linli-header linli-desk-header">
        <Flex align="center" gap={16} wrap="nowrap" style={{ padding: '8px 24px' }}>
          <Link to="/" className="linli-brand">
            {t('app.title')}
          </Link>
          {canSearch ? (
            <search>
              <form
                className="linli-desk-search"
                onSubmit={(event) => {
                  event.preventDefault();
                  const q = text.trim();
                  void navigate(q ? `/register?q=${encodeURIComponent(q)}` : '/register');
                }}
              >
                <label htmlFor={searchId} className="linli-visually-hidden">
                  {t('deskFrame.searchLabel')}
                </label>
                <Input
                  id={searchId}
                  ref={(el) => {
                    searchRef.current = el?.input ?? null;
                  }}
                  data-testid="desk-search"
                  size="large"
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  placeholder={t('deskFrame.searchPlaceholder')}
                  prefix={<span aria-hidden="true">/</span>}
                />
                <Button htmlType="submit" size="large" type="primary">
                  {t('register.searchButton')}
                </Button>
              </form>
            </search>
          ) : null}
          <Flex className="linli-header-slot" data-testid="header-slot" align="center" gap={8}>
            <ElderModeSwitch />
          </Flex>
          <Flex align="center" gap={16} style={{ marginInlineStart: 'auto', minWidth: 0 }} wrap="nowrap">
            <span className="linli-user" title={personLine}>
              <span className="linli-visually-hidden">{t('header.signedInAs')} </span>
              <strong data-testid="user-name">{user.displayName}</strong>
              <span aria-hidden="true"> · </span>
              <span data-testid="user-role">{t(`roles.${user.role}`)}</span>
              {communities ? (
                <>
                  <span aria-hidden="true"> · </span>
                  <span data-testid="user-community">{communities}</span>
                </>
              ) : null}
            </span>
            <OutboxIndicator />
            <LanguageSwitch />
            <Link to="/settings" className="linli-header-link">
              {t('settings.link')}
            </Link>
            <Button onClick={onSignOut} loading={signingOut} size="large">
              {t('header.signOut')}
            </Button>
          </Flex>
        </Flex>
      </header>
      <Layout hasSider>
        <Layout.Sider width={200} theme="light" className="linli-desk-sider">
          <nav aria-label={t('deskFrame.menuLabel')} data-testid="desk-menu">
            <Menu mode="inline" selectedKeys={[areaOf(location.pathname)]} items={items} />
          </nav>
        </Layout.Sider>
        <Layout.Content className="linli-desk-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
