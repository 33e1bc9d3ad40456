import { type EventName, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, isEventName, type KioskTransport } from '../contract/index.ts';

/** The part of Electron's ipcRenderer the transport uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, message: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

type EventListener = (payload: unknown) => void;

/**
 * window.kiosk's transport over Electron IPC: one invoke channel carrying
 * `{ command, payload }` (main validates sender and payload) and one event
 * channel carrying `{ event, payload }`, fanned out here by event name.
 * createKioskApi validates every answer and event against the contract, so
 * this layer only routes. The IpcRendererEvent never reaches the page: it
 * holds `sender`, which would hand the renderer a way to reach ipcRenderer.
 */
export function createIpcTransport(ipc: IpcRendererLike): KioskTransport {
  const listeners = new Map<EventName, Set<EventListener>>();

  ipc.on(IPC_EVENT_CHANNEL, (_event, message) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    const errors: unknown[] = [];
    for (const listener of [...(listeners.get(event) ?? [])]) {
      // One failing listener must not starve the others of the event.
      try {
        listener(payload);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });

  return {
    invoke: (command, payload) => ipc.invoke(IPC_INVOKE_CHANNEL, { command, payload }),
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set<EventListener>();
      listeners.set(event, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}
