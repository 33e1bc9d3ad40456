import { describe, expect, it } from 'vitest';
import { type EventName, fail, type HostToService, ok, type ServiceStatus } from '../../../electron/contract/index.ts';
import { createChildServiceLink, runCommand, type ServiceChild } from '../../../electron/host/service-link.ts';
import { manualScheduler } from '../support/manual-scheduler.ts';
import { recordingLogger } from '../support/recording-logger.ts';

/**
 * The one host ↔ service link both hosts run (Electron's utilityProcess and the browser host's
 * child_process are adapters around it), against a child whose every move the test makes.
 */
class FakeChild implements ServiceChild {
  readonly sent: HostToService[] = [];
  readonly kills: string[] = [];
  /** When set, sends fail the way a closed channel makes them fail. */
  channelClosed = false;
  private messageListener: (message: unknown) => void = () => {};
  private exitListener: (code: number | null, signal: string | null) => void = () => {};
  private errorListener: (code: string) => void = () => {};
  postMessage(message: HostToService, failed: () => void) {
    if (this.channelClosed) return failed();
    this.sent.push(message);
  }
  onMessage(listener: (message: unknown) => void) {
    this.messageListener = listener;
  }
  onExit(listener: (code: number | null, signal: string | null) => void) {
    this.exitListener = listener;
  }
  onError(listener: (code: string) => void) {
    this.errorListener = listener;
  }
  kill(signal: 'SIGTERM' | 'SIGKILL') {
    this.kills.push(signal);
  }
  emit(message: unknown) {
    this.messageListener(message);
  }
  exit(code: number | null, signal: string | null = null) {
    this.exitListener(code, signal);
  }
  error(code: string) {
    this.errorListener(code);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const children: FakeChild[] = [];
  const scheduler = manualScheduler();
  const log = recordingLogger();
  const events: Array<[EventName, unknown]> = [];
  const statuses: ServiceStatus[] = [];
  const exits: Array<number | null> = [];
  const service = createChildServiceLink({
    launch: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    log,
    scheduler,
    invokeTimeoutMs: 15_000,
    onExit: (code) => exits.push(code),
  });
  service.onEvent((event, payload) => events.push([event, payload]));
  service.onStatus((status) => statuses.push(status));
  const child = () => children[children.length - 1] as FakeChild;
  const run = (command: Parameters<typeof runCommand>[1]) => runCommand(service, command, log);
  return { service, run, children, child, scheduler, log, events, statuses, exits };
}

const SNAPSHOT_CMD = { name: 'session.snapshot', payload: undefined } as const;
const READY = { type: 'ready', simulatedDevices: true } as const;

describe('host ↔ service link', () => {
  it('becomes available when the service says ready, and relays an invoke to its answer', async () => {
    const { service, run, child, statuses } = setup();
    service.start();
    await expect(run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
    child().emit(READY);
    expect(statuses).toEqual([{ state: 'available', restarts: 0 }]);

    const answer = run(SNAPSHOT_CMD);
    expect(child().sent).toEqual([{ type: 'invoke', id: 0, command: 'session.snapshot', payload: undefined }]);
    child().emit({ type: 'result', id: 0, result: ok('snapshot') });
    await expect(answer).resolves.toEqual(ok('snapshot'));
  });

  it('keeps what the service announced, and resolves firstReady with the first announcement', async () => {
    const { service, child } = setup();
    expect(service.announced()).toBeNull();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: false });
    await expect(service.firstReady).resolves.toEqual({ type: 'ready', simulatedDevices: false });
    // A technician's restart can change the configuration: the latest announcement counts.
    child().exit(1);
    service.start();
    child().emit(READY);
    expect(service.announced()).toEqual(READY);
    await expect(service.firstReady).resolves.toEqual({ type: 'ready', simulatedDevices: false });
  });

  it('resolves firstReady with null when the service refuses its configuration (EX_CONFIG)', async () => {
    const { service, child, exits } = setup();
    service.start();
    child().exit(78);
    await expect(service.firstReady).resolves.toBeNull();
    expect(exits).toEqual([78]);
  });

  it('resolves firstReady with null when the link is closed before the service was ready', async () => {
    const { service, child } = setup();
    service.start();
    const closed = service.close();
    child().exit(0);
    await closed;
    await expect(service.firstReady).resolves.toBeNull();
  });

  it('answers service.status itself, even while the service is down', async () => {
    const { service, run, child } = setup();
    await expect(run({ name: 'service.status', payload: undefined })).resolves.toEqual(ok({ state: 'unavailable', restarts: 0 }));
    service.start();
    child().emit(READY);
    await expect(run({ name: 'service.status', payload: undefined })).resolves.toEqual(ok({ state: 'available', restarts: 0 }));
    expect(child().sent).toEqual([]);
  });

  it('answers transport.timeout when the service stays silent for 15 s', async () => {
    const { run, service, child, scheduler } = setup();
    service.start();
    child().emit(READY);
    const answer = run(SNAPSHOT_CMD);
    scheduler.advance(14_999);
    await flush();
    scheduler.advance(1);
    await expect(answer).resolves.toEqual(fail('transport.timeout'));
    // A late answer is dropped, not delivered to some other caller.
    child().emit({ type: 'result', id: 0, result: ok('late') });
  });

  it('answers service.unavailable, without throwing, when a send races the channel closing', async () => {
    const { run, service, child, log, scheduler } = setup();
    service.start();
    child().emit(READY);
    child().channelClosed = true;
    await expect(run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
    expect(log.lines.map((l) => l.event)).toEqual(['service.send_failed']);
    expect(scheduler.pending()).toBe(0);
  });

  it('logs a channel error and leaves the bookkeeping to the exit that follows', async () => {
    const { run, service, child, log, statuses } = setup();
    service.start();
    child().emit(READY);
    child().error('EPIPE');
    expect(log.lines).toEqual([{ level: 'warn', event: 'service.channel_error', fields: { code: 'EPIPE' } }]);
    expect(statuses.at(-1)).toEqual({ state: 'available', restarts: 0 });
    child().exit(null, 'SIGKILL');
    expect(log.lines.at(-1)).toMatchObject({ event: 'service.exited', fields: { code: null, signal: 'SIGKILL' } });
    await expect(run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
  });

  it('fails pending invokes with service.unavailable when the service dies, and reports the exit', async () => {
    const { run, service, child, statuses, exits, scheduler } = setup();
    service.start();
    child().emit(READY);
    const answer = run(SNAPSHOT_CMD);
    child().exit(139);
    await expect(answer).resolves.toEqual(fail('service.unavailable'));
    expect(statuses.at(-1)).toEqual({ state: 'unavailable', restarts: 0 });
    expect(exits).toEqual([139]);
    expect(scheduler.pending()).toBe(0);
    await expect(run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
  });

  it('counts restarts in the status it pushes', () => {
    const { service, child, statuses } = setup();
    service.start();
    child().emit(READY);
    child().exit(1);
    service.start();
    child().emit(READY);
    expect(statuses).toEqual([
      { state: 'available', restarts: 0 },
      { state: 'unavailable', restarts: 0 },
      { state: 'available', restarts: 1 },
    ]);
  });

  it('relays contract events whose payload passes its schema and drops the rest', () => {
    const { service, child, events, log } = setup();
    service.start();
    child().emit(READY);
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'available', restarts: 0 } });
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'on fire' } });
    child().emit({ type: 'event', event: 'technician.secret', payload: {} });
    child().emit({ type: 'nonsense' });
    child().emit({ type: 'ready' });
    expect(events).toEqual([['service.status', { state: 'available', restarts: 0 }]]);
    expect(log.lines.map((l) => l.event)).toEqual([
      'service.malformed_event',
      'service.malformed_event',
      'service.malformed_message',
      'service.malformed_message',
    ]);
  });

  it('stops relaying events to a listener that unsubscribed', () => {
    const { service, child } = setup();
    const seen: EventName[] = [];
    const off = service.onEvent((event) => seen.push(event));
    service.start();
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'available', restarts: 0 } });
    off();
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'available', restarts: 0 } });
    expect(seen).toEqual(['service.status']);
  });

  it('ignores the exit of a process it already replaced', () => {
    const { service, children, child, exits } = setup();
    service.start();
    const first = child();
    first.exit(1);
    service.start();
    child().emit(READY);
    first.exit(1);
    expect(exits).toEqual([1]);
    expect(children.length).toBe(2);
  });

  it('closes by asking the service to shut down, without reporting a crash, and starts nothing after', async () => {
    const { service, child, exits } = setup();
    service.start();
    child().emit(READY);
    const closed = service.close();
    expect(child().sent).toEqual([{ type: 'shutdown' }]);
    expect(service.close()).toBe(closed);
    child().exit(0);
    await closed;
    expect(exits).toEqual([]);
    service.start();
    expect(child().sent).toEqual([{ type: 'shutdown' }]);
    expect(child().kills).toEqual([]);
  });

  it('asks with SIGTERM when the shutdown message cannot be sent', async () => {
    const { service, child } = setup();
    service.start();
    child().channelClosed = true;
    const closed = service.close();
    expect(child().kills).toEqual(['SIGTERM']);
    child().exit(null, 'SIGTERM');
    await closed;
  });

  it('kills a service that ignores shutdown after the grace period, failing what was pending', async () => {
    const { service, run, child, scheduler } = setup();
    service.start();
    child().emit(READY);
    const answer = run(SNAPSHOT_CMD);
    const closed = service.close();
    scheduler.advance(2999);
    expect(child().kills).toEqual([]);
    scheduler.advance(1);
    await closed;
    expect(child().kills).toEqual(['SIGKILL']);
    await expect(answer).resolves.toEqual(fail('service.unavailable'));
  });
});
