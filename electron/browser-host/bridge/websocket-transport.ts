/**
 * The bridge's transport: commands and events over the host's WebSocket,
 * reconnecting with back-off, every command bounded by the contract's timeout.
 *
 * The first answers a page needs are asked for as soon as the socket first
 * opens, while the renderer's code is still loading (`EARLY_COMMANDS`): the
 * renderer's own first call for each is then answered with that reply. An
 * event of the same kind that arrives meanwhile would be newer than the reply
 * and could be missed by a renderer not yet listening, so it drops the early
 * reply and the renderer's call goes to the host as usual.
 */
import { type CommandName, type EventName, fail, type KioskTransport, SERVICE_INVOKE_TIMEOUT_MS } from '../../contract/index.ts';

type Pending = { resolve: (result: unknown) => void; timer: ReturnType<typeof setTimeout> };

/** Each asked for once, at the first open, and the event that supersedes its reply. */
const EARLY_COMMANDS: ReadonlyArray<{ readonly command: CommandName; readonly supersededBy: EventName }> = [
  { command: 'service.status', supersededBy: 'service.status' },
  { command: 'session.snapshot', supersededBy: 'session.snapshot' },
];

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

export function createWebSocketTransport(url: string): KioskTransport {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  const waitingForOpen = new Set<() => void>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let reconnectDelay = RECONNECT_MIN_MS;
  let lastRestarts = 0;
  let everOpened = false;
  const early = new Map<CommandName, Promise<unknown>>();

  const emit = (event: EventName, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      reconnectDelay = RECONNECT_MIN_MS;
      for (const wake of waitingForOpen) wake();
      waitingForOpen.clear();
      // After a reconnect, ask the host where the service stands instead of assuming.
      if (everOpened) void send('service.status', undefined).then((r) => isOkStatus(r) && emit('service.status', r.value));
      else for (const { command } of EARLY_COMMANDS) early.set(command, send(command, undefined));
      everOpened = true;
    };
    ws.onmessage = (message) => {
      let data: { type?: unknown; id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (data.type === 'result' && typeof data.id === 'number') {
        const call = pending.get(data.id);
        if (!call) return;
        clearTimeout(call.timer);
        pending.delete(data.id);
        call.resolve(data.result);
      } else if (data.type === 'event' && typeof data.event === 'string') {
        if (data.event === 'service.status' && typeof (data.payload as { restarts?: unknown })?.restarts === 'number') {
          lastRestarts = (data.payload as { restarts: number }).restarts;
        }
        for (const { command, supersededBy } of EARLY_COMMANDS) if (data.event === supersededBy) early.delete(command);
        emit(data.event as EventName, data.payload);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Their replies are failures now; the renderer's call waits for the next socket instead.
      early.clear();
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.resolve(fail('transport.closed'));
        pending.delete(id);
      }
      // The host is gone or restarting: for the renderer that is the service being unavailable.
      emit('service.status', { state: 'unavailable', restarts: lastRestarts });
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(RECONNECT_MAX_MS, reconnectDelay * 2);
    };
  };

  const whenOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (socket?.readyState === WebSocket.OPEN) return resolve(true);
      const timer = setTimeout(() => {
        waitingForOpen.delete(wake);
        resolve(false);
      }, SERVICE_INVOKE_TIMEOUT_MS);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      waitingForOpen.add(wake);
    });

  async function send(command: CommandName, payload: unknown): Promise<unknown> {
    if (!(await whenOpen()) || !socket) return fail('transport.closed');
    const id = nextId++;
    const ws = socket;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(fail('transport.timeout'));
      }, SERVICE_INVOKE_TIMEOUT_MS);
      pending.set(id, { resolve, timer });
      ws.send(JSON.stringify({ id, command, payload }));
    });
  }

  connect();
  return {
    invoke(command, payload) {
      const reply = early.get(command);
      early.delete(command);
      return reply ?? send(command, payload);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

function isOkStatus(result: unknown): result is { ok: true; value: unknown } {
  return typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true;
}
