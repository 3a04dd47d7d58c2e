// First: zod's setting for our content security policy, before any schema is built.
import './lib/zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startStaffI18n } from './i18n/staff';
import { applyLook } from './lib/elderMode';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
// 长辈模式 as this phone last had it, before anything is drawn.
applyLook();

void startStaffI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
