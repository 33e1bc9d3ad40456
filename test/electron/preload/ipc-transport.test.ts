import { describe, expect, it, vi } from 'vitest';
import { createKioskApi, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, ok, type ServiceStatus } from '../../../electron/contract/index.ts';
import { createIpcTransport, type IpcRendererLike } from '../../../electron/preload/ipc-transport.ts';

class FakeIpc implements IpcRendererLike {
  readonly invoked: Array<[string, unknown]> = [];
  answer: unknown = ok({ state: 'available', restarts: 0 });
  private readonly listeners = new Map<string, Array<(event: unknown, message: unknown) => void>>();
  async invoke(channel: string, message: unknown) {
    this.invoked.push([channel, message]);
    return this.answer;
  }
  on(channel: string, listener: (event: unknown, message: unknown) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }
  push(channel: string, message: unknown) {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'ipcRenderer itself' }, message);
  }
}

describe('preload transport over ipcRenderer', () => {
  it('sends each command as { command, payload } on the invoke channel', async () => {
    const ipc = new FakeIpc();
    const api = createKioskApi(createIpcTransport(ipc), { dev: false });
    await expect(api.service.status()).resolves.toEqual(ok({ state: 'available', restarts: 0 }));
    await api.session.start({ language: 'en' });
    expect(ipc.invoked).toEqual([
      [IPC_INVOKE_CHANNEL, { command: 'service.status', payload: undefined }],
      [IPC_INVOKE_CHANNEL, { command: 'session.start', payload: { language: 'en' } }],
    ]);
  });

  it('delivers events by name, with the payload only (never the IpcRendererEvent)', () => {
    const ipc = new FakeIpc();
    const api = createKioskApi(createIpcTransport(ipc), { dev: false });
    const statuses: ServiceStatus[] = [];
    const listener = vi.fn((status: ServiceStatus) => statuses.push(status));
    const unsubscribe = api.service.onStatus(listener);
    ipc.push(IPC_EVENT_CHANNEL, { event: 'service.status', payload: { state: 'unavailable', restarts: 1 } });
    ipc.push(IPC_EVENT_CHANNEL, { event: 'devices.status', payload: {} });
    unsubscribe();
    ipc.push(IPC_EVENT_CHANNEL, { event: 'service.status', payload: { state: 'available', restarts: 1 } });
    expect(statuses).toEqual([{ state: 'unavailable', restarts: 1 }]);
    expect(listener.mock.calls[0]).toHaveLength(1);
  });

  it('ignores malformed event messages and unknown event names', () => {
    const ipc = new FakeIpc();
    const transport = createIpcTransport(ipc);
    const listener = vi.fn();
    transport.subscribe('service.status', listener);
    for (const message of [null, 'service.status', { event: 'constructor' }, { event: 'technician.pin', payload: 1 }]) {
      ipc.push(IPC_EVENT_CHANNEL, message);
    }
    expect(listener).not.toHaveBeenCalled();
  });

  it('keeps delivering to other listeners when one throws, then surfaces the error', () => {
    const ipc = new FakeIpc();
    const transport = createIpcTransport(ipc);
    const second = vi.fn();
    transport.subscribe('service.status', () => {
      throw new Error('renderer bug');
    });
    transport.subscribe('service.status', second);
    expect(() => ipc.push(IPC_EVENT_CHANNEL, { event: 'service.status', payload: {} })).toThrow('renderer bug');
    expect(second).toHaveBeenCalledOnce();
  });

  it('exposes dev.* only when main said simulated devices are present', () => {
    expect(createKioskApi(createIpcTransport(new FakeIpc()), { dev: false })).not.toHaveProperty('dev');
    expect(Object.keys(createKioskApi(createIpcTransport(new FakeIpc()), { dev: true }).dev ?? {}).sort()).toEqual([
      'centralOutage',
      'citizens',
      'crashService',
      'info',
      'insertCard',
      'liftFinger',
      'placeFinger',
      'printerFault',
      'replug',
      'unplug',
    ]);
  });
});
