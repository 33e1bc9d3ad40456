import { lazy, Suspense } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';

// A chunk of its own, fetched only on a kiosk with simulated devices: a
// production kiosk (no window.kiosk.dev) never loads the panel's code.
const DevPanel = lazy(() => import('./DevPanel.tsx').then((module) => ({ default: module.DevPanel })));

/** The developer panel, present only when the kiosk runs with simulated devices. */
export function DevPanelMount({ dev }: { readonly dev: KioskApi['dev'] }) {
  if (dev === undefined) return null;
  return (
    <Suspense fallback={null}>
      <DevPanel dev={dev} />
    </Suspense>
  );
}
