/**
 * Builds window.kiosk in the sandboxed preload (reference §1.2: context
 * isolation, a narrow typed API through contextBridge). electron-vite bundles
 * this file, the contract and zod into one CommonJS file, because a sandboxed
 * preload can require nothing but `electron` (reference §2.1).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { config } from 'zod';
import { createKioskApi, type KioskApi } from '../contract/index.ts';
import { readDevFlag } from './dev-flag.ts';
import { createIpcTransport } from './ipc-transport.ts';

// zod compiles validators with `new Function` when eval is allowed. The
// kiosk's CSP has no 'unsafe-eval'; validate without it rather than probe.
config({ jitless: true });

const api = createKioskApi(createIpcTransport(ipcRenderer), { dev: readDevFlag(process.argv) }) satisfies KioskApi;

contextBridge.exposeInMainWorld('kiosk', api);
