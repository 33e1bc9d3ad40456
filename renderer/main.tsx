import './theme/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.tsx';
import { createKioskI18n } from './i18n/kiosk-i18n.ts';
import { installTouchLockdown } from './touch-lockdown.ts';

installTouchLockdown(document);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={createKioskI18n()}>
      <App kiosk={window.kiosk} />
    </I18nextProvider>
  </StrictMode>,
);
