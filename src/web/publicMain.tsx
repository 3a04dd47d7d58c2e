import './i18n/public';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicApp } from './features/public/PublicApp';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <PublicApp path={window.location.pathname} />
  </StrictMode>,
);
