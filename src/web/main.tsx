import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startStaffI18n } from './i18n/staff';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');

void startStaffI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
