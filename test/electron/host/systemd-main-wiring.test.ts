import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../support/fake-electron.ts';
import { type FakeNotifySocket, startFakeNotifySocket } from './systemd-notify-socket.ts';

/**
 * electron/main/index.ts under a unit (fake Electron, real systemd-notify, a stand-in notify socket): READY=1
 * when the window shows, watchdog pings from then on, STOPPING=1 on the way out.
 */
let socket: FakeNotifySocket | null = null;
let sigtermBefore: Array<(...args: unknown[]) => void> = [];

beforeEach(() => {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  sigtermBefore = process.listeners('SIGTERM') as Array<(...args: unknown[]) => void>;
  vi.stubEnv('KIOSK_DEV', '');
  vi.stubEnv('KIOSK_DATA_DIR', '/tmp/kiosk-data-test');
  vi.stubEnv('KIOSK_DISPLAY', '');
});

afterEach(() => {
  socket?.close();
  socket = null;
  for (const listener of process.listeners('SIGTERM')) {
    if (!sigtermBefore.includes(listener as (...args: unknown[]) => void)) process.removeListener('SIGTERM', listener);
  }
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  vi.doUnmock('electron');
});

async function boot(env: Record<string, string>): Promise<FakeElectron> {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  const fake = createFakeElectron();
  vi.doMock('electron', () => fake.module);
  await import('../../../electron/main/index.ts');
  await expect.poll(() => fake.windows.length, { timeout: 5_000, interval: 10 }).toBe(1);
  return fake;
}

describe('the Electron main process under a systemd unit', () => {
  it('says READY=1 once the window shows, then feeds the watchdog, and STOPPING=1 when quitting', async () => {
    socket = await startFakeNotifySocket();
    // 200 ms between pings: a short WatchdogSec so the test sees several, decided by the data, not by sleeping.
    const fake = await boot({ NOTIFY_SOCKET: socket.path, WATCHDOG_USEC: '400000', WATCHDOG_PID: String(process.pid) });
    const states = () => socket!.datagrams().filter((d) => d !== 'BARRIER=1');
    expect(states()).toEqual([]);
    fake.windows[0]!.emit('ready-to-show');
    await expect.poll(() => states().filter((s) => s === 'WATCHDOG=1').length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    expect(states()[0]).toBe('READY=1');
    fake.app.emit('before-quit');
    await expect.poll(() => states().at(-1), { timeout: 10_000, interval: 20 }).toBe('STOPPING=1');
  }, 30_000);

  it('runs as before outside a unit (no NOTIFY_SOCKET): no watchdog, nothing to notify, nothing fails', async () => {
    const fake = await boot({ NOTIFY_SOCKET: '', WATCHDOG_USEC: '400000' });
    fake.windows[0]!.emit('ready-to-show');
    fake.app.emit('before-quit');
    expect(fake.windows[0]!.shown).toBe(true);
    expect(fake.app.exitCode).toBeNull();
  });
});
