/**
 * window.kiosk for the browser host: the same contract as the Electron
 * preload (both are built by createKioskApi), carried over a WebSocket to the
 * host that served this page. The session secret (got for a launch token) travels in an HttpOnly
 * cookie the host set; this script never sees it.
 */
import { createKioskApi, type KioskApi } from '../../contract/index.ts';
import { createWebSocketTransport } from './websocket-transport.ts';

const script = document.currentScript as HTMLScriptElement | null;
const dev = script?.dataset.kioskDev === '1';
const wsUrl = new URL('/__kiosk/ws', location.href);
wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';

const kiosk = createKioskApi(createWebSocketTransport(wsUrl.href), { dev }) satisfies KioskApi;
Object.defineProperty(window, 'kiosk', { value: Object.freeze(kiosk), writable: false, configurable: false, enumerable: true });
