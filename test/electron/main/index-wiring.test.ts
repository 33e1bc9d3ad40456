import type * as FsPromises from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../electron/contract/index.ts';
import { createFakeElectron, type FakeElectron, FakePreventable } from '../support/fake-electron.ts';

/**
 * electron/main/index.ts against a fake Electron (electron-kiosk.md §3.1):
 * checks the wiring the pure modules' tests cannot, without the binary.
 */
const flush = () => new Promise((resolve) => setImmediate(resolve));
let stderr: string[] = [];
let sigtermBefore: Array<(...args: unknown[]) => void> = [];

async function boot(options: Parameters<typeof createFakeElectron>[0] = {}): Promise<FakeElectron> {
  vi.resetModules();
  const fake = createFakeElectron(options);
  vi.doMock('electron', () => fake.module);
  vi.doMock('node:fs/promises', async (importOriginal) => ({
    ...(await importOriginal<typeof FsPromises>()),
    readFile: async (file: string) => {
      if (file.endsWith('index.html')) return Buffer.from('<!doctype html><title>kiosk</title>');
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    },
  }));
  await import('../../../electron/main/index.ts');
  await flush();
  return fake;
}

const mainWindow = (fake: FakeElectron) => {
  const window = fake.windows[0];
  if (!window) throw new Error('no window was created');
  return window;
};
const invoke = (fake: FakeElectron, raw: unknown, frame: { url: string; parent: unknown } | null = { url: 'app://kiosk/index.html', parent: null }) =>
  fake.ipcHandlers.get(IPC_INVOKE_CHANNEL)?.({ senderFrame: frame, sender: mainWindow(fake).webContents }, raw);

beforeEach(() => {
  stderr = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
  sigtermBefore = process.listeners('SIGTERM') as Array<(...args: unknown[]) => void>;
  vi.stubEnv('KIOSK_DEV', '');
  vi.stubEnv('KIOSK_DATA_DIR', '/tmp/kiosk-data-test');
});

afterEach(() => {
  for (const listener of process.listeners('SIGTERM')) {
    if (!sigtermBefore.includes(listener as (...args: unknown[]) => void)) process.removeListener('SIGTERM', listener);
  }
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.doUnmock('electron');
  vi.doUnmock('node:fs/promises');
});

describe('main process start-up', () => {
  it('sandboxes every renderer and registers app:// before ready', async () => {
    const fake = await boot();
    // The display switches (display-switches.test.ts) go in before ready too.
    expect(fake.calls.slice(0, 5)).toEqual([
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.requestSingleInstanceLock',
      'app.commandLine.appendSwitch(touch-events=enabled)',
      'app.whenReady',
    ]);
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, bypassCSP: false }) }]);
  });

  it('quits a second instance before creating anything', async () => {
    const fake = await boot({ singleInstance: false });
    expect(fake.app.exitCode).toBe(0);
    expect(fake.windows).toEqual([]);
    expect(fake.forks).toEqual([]);
  });

  it('refuses an invalid KIOSK_DEV with EX_CONFIG', async () => {
    vi.stubEnv('KIOSK_DEV', 'maybe');
    const fake = await boot();
    expect(fake.app.exitCode).toBe(78);
    expect(fake.windows).toEqual([]);
  });

  it('a packaged build refuses KIOSK_DEV=1 with EX_CONFIG before it creates anything', async () => {
    vi.stubEnv('KIOSK_DEV', '1');
    const fake = await boot({ isPackaged: true });
    expect(fake.app.exitCode).toBe(78);
    expect(fake.windows).toEqual([]);
    expect(fake.forks).toEqual([]);
    expect(stderr.join('')).toContain('"variable":"KIOSK_DEV"');
  });

  it('a packaged build refuses a DevTools or inspector switch with EX_USAGE, naming the switch and not its value', async () => {
    const argv = process.argv;
    process.argv = ['/opt/kiosk/enrollment-kiosk', '--remote-debugging-port=9222', '--inspect=0.0.0.0:9229'];
    try {
      const fake = await boot({ isPackaged: true });
      expect(fake.app.exitCode).toBe(64);
      expect(fake.windows).toEqual([]);
      expect(fake.forks).toEqual([]);
      expect(fake.calls).not.toContain('app.requestSingleInstanceLock');
      expect(stderr.join('')).toContain('"switches":"remote-debugging-port inspect"');
      expect(stderr.join('')).not.toContain('9222');
    } finally {
      process.argv = argv;
    }
  });

  it('an unpackaged build starts with those switches (Playwright needs them)', async () => {
    const argv = process.argv;
    process.argv = ['/usr/bin/electron', '--remote-debugging-port=0', '.'];
    try {
      const fake = await boot();
      expect(fake.app.exitCode).toBeNull();
      expect(fake.windows).toHaveLength(1);
    } finally {
      process.argv = argv;
    }
  });

  it('once ready: no menu, display kept awake, service forked with main’s decisions, kiosk page loaded', async () => {
    const fake = await boot();
    expect(fake.calls).toContain('Menu.setApplicationMenu(null)');
    expect(fake.calls).toContain('powerSaveBlocker.start(prevent-display-sleep)');
    expect(fake.forks).toHaveLength(1);
    expect(fake.forks[0]?.modulePath).toMatch(/[/\\]service\.js$/);
    expect(fake.forks[0]?.options.env).toMatchObject({ KIOSK_SIMULATED: '1', KIOSK_DATA_DIR: '/tmp/kiosk-data-test', KIOSK_VERSION: '9.9.9' });
    const window = mainWindow(fake);
    expect(window.options).toMatchObject({ kiosk: true, webPreferences: { sandbox: true, contextIsolation: true, additionalArguments: ['--kiosk-dev=1'] } });
    expect(window.loaded).toEqual(['app://kiosk/index.html']);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
    window.webContents.emit('did-finish-load');
    expect(window.webContents.zoomLimits).toEqual([1, 1]);
  });

  it('denies every permission, device and download', async () => {
    const fake = await boot();
    const granted: boolean[] = [];
    fake.session.permissionRequest?.({}, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(fake.session.permissionCheck?.()).toBe(false);
    expect(fake.session.devicePermission?.()).toBe(false);
    const download = new FakePreventable();
    fake.session.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });
});

describe('the lockdown of every webContents', () => {
  it('denies new windows, webviews and navigation away from the page', async () => {
    const contents = mainWindow(await boot()).webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const attempt = new FakePreventable('https://example.org/?run=12345678-5');
      contents.emit(event, attempt);
      expect(attempt.prevented, event).toBe(true);
    }
    expect(stderr.join('')).not.toContain('12345678');
  });

  it('swallows browser accelerators and lets typing through', async () => {
    const contents = mainWindow(await boot()).webContents;
    const f5 = new FakePreventable();
    contents.emit('before-input-event', f5, { key: 'F5', control: false, meta: false, alt: false, shift: false });
    const letter = new FakePreventable();
    contents.emit('before-input-event', letter, { key: 'a', control: false, meta: false, alt: false, shift: false });
    expect([f5.prevented, letter.prevented]).toEqual([true, false]);
  });
});

describe('app:// protocol', () => {
  const fetchApp = (fake: FakeElectron, url: string, method = 'GET') => {
    const handler = fake.protocolHandlers.get('app');
    if (!handler) throw new Error('app:// is not handled');
    return handler(new Request(url, { method }));
  };

  it('serves the page with the strict CSP', async () => {
    const response = await fetchApp(await boot(), 'app://kiosk/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect(await response.text()).toContain('<title>kiosk</title>');
  });

  it('refuses traversal, missing files and writes, still with the CSP', async () => {
    const fake = await boot();
    const answers = await Promise.all([
      fetchApp(fake, 'app://kiosk/..%2f..%2fetc%2fpasswd.txt'),
      fetchApp(fake, 'app://kiosk/assets/missing.js'),
      fetchApp(fake, 'app://kiosk/index.html', 'POST'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([403, 404, 405]);
    for (const response of answers) expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

describe('IPC relay and recovery', () => {
  it('answers the page through the guard and pushes service status to it', async () => {
    const fake = await boot();
    await expect(invoke(fake, { command: 'service.status' })).resolves.toEqual({ ok: true, value: { state: 'unavailable', restarts: 0 } });
    fake.forks[0]?.emit('message', { type: 'ready', simulatedDevices: true });
    expect(mainWindow(fake).webContents.sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'service.status', payload: { state: 'available', restarts: 0 } }]]);
  });

  it('refuses a subframe or a foreign frame', async () => {
    const fake = await boot();
    const refused = { ok: false, error: expect.objectContaining({ code: 'ipc.untrusted_sender' }) };
    await expect(invoke(fake, { command: 'service.status' }, { url: 'app://kiosk/index.html', parent: {} })).resolves.toEqual(refused);
    await expect(invoke(fake, { command: 'service.status' }, { url: 'https://example.org/', parent: null })).resolves.toEqual(refused);
    await expect(invoke(fake, { command: 'service.status' }, null)).resolves.toEqual(refused);
  });

  it('restarts the service after it dies, and reloads a crashed renderer with its session wiped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = await boot();
    fake.forks[0]?.emit('exit', 139);
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.forks).toHaveLength(2);
    const service = fake.forks[1];
    service?.emit('message', { type: 'ready', simulatedDevices: true });

    const window = mainWindow(fake);
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    await vi.advanceTimersByTimeAsync(500);
    expect(service?.posted).toEqual([{ type: 'invoke', id: 0, command: 'session.cancel', payload: undefined }]);
    service?.emit('message', { type: 'result', id: 0, result: { ok: true, value: {} } });
    await flush();
    expect(window.loaded).toEqual(['app://kiosk/index.html', 'app://kiosk/index.html']);
  });

  it('asks the service to shut down before quitting', async () => {
    const fake = await boot();
    const quit = new FakePreventable();
    fake.app.emit('will-quit', quit);
    expect(quit.prevented).toBe(true);
    expect(fake.forks[0]?.posted).toEqual([{ type: 'shutdown' }]);
    fake.forks[0]?.emit('exit', 0);
    await flush();
    expect(fake.calls).toContain('app.quit');
  });
});
