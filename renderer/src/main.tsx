// The base styles first, so each feature's styles (imported by its index.ts) come after them.
import './shell/shell.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient, windowInvoke } from './api/client';
import { App } from './shell/App';
import { AppStoreContext } from './store/app-store';
import { createAppStore } from './store/create-app-store';

const store = createAppStore(createClient(windowInvoke()));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <App />
    </AppStoreContext.Provider>
  </StrictMode>,
);
