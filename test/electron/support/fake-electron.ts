import { EventEmitter } from 'node:events';

/**
 * Just enough of Electron's main-process API for electron/main/index.ts to
 * run under Vitest (electron-kiosk.md §3.1: vi.mock('electron') — the real
 * package would try to download its binary). Records what the app did.
 */
export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  readonly sent: Array<[string, unknown]> = [];
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  zoomLimits: [number, number] | null = null;
  crashed = 0;
  getURL = () => this.url;
  isDestroyed = () => this.destroyed;
  send = (channel: string, message: unknown) => this.sent.push([channel, message]);
  setWindowOpenHandler = (handler: (details: unknown) => unknown) => (this.windowOpenHandler = handler);
  setVisualZoomLevelLimits = async (min: number, max: number) => (this.zoomLimits = [min, max]);
  forcefullyCrashRenderer = () => (this.crashed += 1);
}

export class FakeUtilityProcess extends EventEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  readonly modulePath: string;
  readonly options: { env?: Record<string, string> };
  constructor(modulePath: string, options: { env?: Record<string, string> }) {
    super();
    this.modulePath = modulePath;
    this.options = options;
  }
  postMessage = (message: unknown) => this.posted.push(message);
  kill = () => (this.killed = true);
}

export class FakePreventable {
  prevented = false;
  readonly url: string;
  constructor(url = '') {
    this.url = url;
  }
  preventDefault() {
    this.prevented = true;
  }
}

export function createFakeElectron(options: { singleInstance?: boolean; isPackaged?: boolean } = {}) {
  const calls: string[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged ?? false,
    exitCode: null as number | null,
    enableSandbox: () => calls.push('app.enableSandbox'),
    getPath: () => '/tmp/fake-user-data',
    getVersion: () => '9.9.9',
    exit: (code: number) => {
      calls.push(`app.exit(${code})`);
      app.exitCode = code;
    },
    quit: () => calls.push('app.quit'),
    relaunch: () => calls.push('app.relaunch'),
    commandLine: {
      appendSwitch: (name: string, value?: string) => calls.push(`app.commandLine.appendSwitch(${name}${value === undefined ? '' : `=${value}`})`),
    },
    requestSingleInstanceLock: () => {
      calls.push('app.requestSingleInstanceLock');
      return options.singleInstance ?? true;
    },
    whenReady: () => {
      calls.push('app.whenReady');
      return Promise.resolve();
    },
  });

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    readonly loaded: string[] = [];
    shown = false;
    readonly options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    show = () => (this.shown = true);
    loadURL = async (url: string) => {
      this.loaded.push(url);
      this.webContents.url = url;
    };
    isMinimized = () => false;
    restore = () => {};
    focus = () => calls.push('window.focus');
  }

  type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  const session = Object.assign(new EventEmitter(), {
    permissionRequest: null as PermissionRequestHandler | null,
    permissionCheck: null as (() => boolean) | null,
    devicePermission: null as (() => boolean) | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler) {
      session.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: () => boolean) {
      session.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: () => boolean) {
      session.devicePermission = handler;
    },
  });

  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const forks: FakeUtilityProcess[] = [];
  const privilegedSchemes: unknown[] = [];

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => ipcHandlers.set(channel, handler) },
    Menu: { setApplicationMenu: (menu: unknown) => calls.push(`Menu.setApplicationMenu(${String(menu)})`) },
    powerSaveBlocker: { start: (type: string) => calls.push(`powerSaveBlocker.start(${type})`) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        calls.push('protocol.registerSchemesAsPrivileged');
        privilegedSchemes.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    utilityProcess: {
      fork: (modulePath: string, _args: string[], forkOptions: { env?: Record<string, string> }) => {
        const child = new FakeUtilityProcess(modulePath, forkOptions);
        forks.push(child);
        return child;
      },
    },
  };
  return { module, calls, app, windows, session, protocolHandlers, ipcHandlers, forks, privilegedSchemes };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
