import { describe, expect, it } from 'vitest';
import { type EventName, fail, type HostToService, ok, type ServiceStatus } from '../../../electron/contract/index.ts';
import { createServiceProcess, type ServiceChild } from '../../../electron/main/service-process.ts';
import { manualScheduler } from '../support/manual-scheduler.ts';
import { recordingLogger } from '../support/recording-logger.ts';

class FakeChild implements ServiceChild {
  readonly sent: HostToService[] = [];
  killed = false;
  private messageListener: (message: unknown) => void = () => {};
  private exitListener: (code: number) => void = () => {};
  postMessage(message: HostToService) {
    this.sent.push(message);
  }
  onMessage(listener: (message: unknown) => void) {
    this.messageListener = listener;
  }
  onExit(listener: (code: number) => void) {
    this.exitListener = listener;
  }
  kill() {
    this.killed = true;
  }
  emit(message: unknown) {
    this.messageListener(message);
  }
  exit(code: number) {
    this.exitListener(code);
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const children: FakeChild[] = [];
  const scheduler = manualScheduler();
  const log = recordingLogger();
  const events: Array<[EventName, unknown]> = [];
  const statuses: ServiceStatus[] = [];
  const exits: number[] = [];
  const service = createServiceProcess({
    fork: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    log,
    scheduler,
    invokeTimeoutMs: 15_000,
    onEvent: (event, payload) => events.push([event, payload]),
    onStatus: (status) => statuses.push(status),
    onExit: (code) => exits.push(code),
  });
  const child = () => children[children.length - 1] as FakeChild;
  return { service, children, child, scheduler, log, events, statuses, exits };
}

const SNAPSHOT_CMD = { name: 'session.snapshot', payload: undefined } as const;

describe('service process (main ↔ utilityProcess relay)', () => {
  it('becomes available when the service says ready, and relays an invoke to its answer', async () => {
    const { service, child, statuses } = setup();
    service.start();
    await expect(service.run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
    child().emit({ type: 'ready', simulatedDevices: true });
    expect(statuses).toEqual([{ state: 'available', restarts: 0 }]);

    const answer = service.run(SNAPSHOT_CMD);
    expect(child().sent).toEqual([{ type: 'invoke', id: 0, command: 'session.snapshot', payload: undefined }]);
    child().emit({ type: 'result', id: 0, result: ok('snapshot') });
    await expect(answer).resolves.toEqual(ok('snapshot'));
  });

  it('answers service.status itself, even while the service is down', async () => {
    const { service, child } = setup();
    await expect(service.run({ name: 'service.status', payload: undefined })).resolves.toEqual(ok({ state: 'unavailable', restarts: 0 }));
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    await expect(service.run({ name: 'service.status', payload: undefined })).resolves.toEqual(ok({ state: 'available', restarts: 0 }));
    expect(child().sent).toEqual([]);
  });

  it('answers transport.timeout when the service stays silent for 15 s', async () => {
    const { service, child, scheduler } = setup();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    const answer = service.run(SNAPSHOT_CMD);
    scheduler.advance(14_999);
    await flush();
    scheduler.advance(1);
    await expect(answer).resolves.toEqual(fail('transport.timeout'));
    // A late answer is dropped, not delivered to some other caller.
    child().emit({ type: 'result', id: 0, result: ok('late') });
  });

  it('fails pending invokes with service.unavailable when the service dies, and reports the exit', async () => {
    const { service, child, statuses, exits, scheduler } = setup();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    const answer = service.run(SNAPSHOT_CMD);
    child().exit(139);
    await expect(answer).resolves.toEqual(fail('service.unavailable'));
    expect(statuses.at(-1)).toEqual({ state: 'unavailable', restarts: 0 });
    expect(exits).toEqual([139]);
    expect(scheduler.pending()).toBe(0);
    await expect(service.run(SNAPSHOT_CMD)).resolves.toEqual(fail('service.unavailable'));
  });

  it('counts restarts in the status it pushes', () => {
    const { service, child, statuses } = setup();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    child().exit(1);
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    expect(statuses).toEqual([
      { state: 'available', restarts: 0 },
      { state: 'unavailable', restarts: 0 },
      { state: 'available', restarts: 1 },
    ]);
  });

  it('relays contract events whose payload passes its schema and drops the rest', () => {
    const { service, child, events, log } = setup();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'available', restarts: 0 } });
    child().emit({ type: 'event', event: 'service.status', payload: { state: 'on fire' } });
    child().emit({ type: 'event', event: 'technician.secret', payload: {} });
    child().emit({ type: 'nonsense' });
    expect(events).toEqual([['service.status', { state: 'available', restarts: 0 }]]);
    expect(log.lines.map((l) => l.event)).toEqual(['service.malformed_event', 'service.malformed_event', 'service.malformed_message']);
  });

  it('ignores the exit of a process it already replaced', () => {
    const { service, children, child, exits } = setup();
    service.start();
    const first = child();
    first.exit(1);
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    first.exit(1);
    expect(exits).toEqual([1]);
    expect(children.length).toBe(2);
  });

  it('stops by asking the service to shut down, without reporting a crash', async () => {
    const { service, child, exits } = setup();
    service.start();
    child().emit({ type: 'ready', simulatedDevices: true });
    const stopped = service.stop();
    expect(child().sent).toEqual([{ type: 'shutdown' }]);
    child().exit(0);
    await stopped;
    expect(exits).toEqual([]);
    service.start();
    expect(child().sent).toEqual([{ type: 'shutdown' }]);
  });

  it('kills a service that ignores shutdown after the grace period', async () => {
    const { service, child, scheduler } = setup();
    service.start();
    const stopped = service.stop(3000);
    scheduler.advance(3000);
    await stopped;
    expect(child().killed).toBe(true);
  });
});
