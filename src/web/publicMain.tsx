import './i18n/public';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicApp } from './features/public/PublicApp';
import { applyLook } from './lib/elderMode';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
// Larger text as this phone last had it, before anything is drawn.
applyLook();

createRoot(root).render(
  <StrictMode>
    <PublicApp path={window.location.pathname} />
  </StrictMode>,
);

// The residents' pages open with no signal too, once seen; the staff app offers updates, these just take them.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }));
}
