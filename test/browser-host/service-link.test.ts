import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../electron/contract/index.ts';
import { adaptChildProcess, childProcessServiceLink } from '../../electron/browser-host/server/service-link.ts';
import type { ChildServiceLink } from '../../electron/host/service-link.ts';
import { recordingLogger } from '../electron/support/recording-logger.ts';
import { waitUntil } from '../support/host-client.ts';

/**
 * The browser host's Node adapter around the shared link (electron/host, whose behaviour
 * test/electron/host/service-link.test.ts specifies) against real child processes: a stand-in
 * service small enough to make it misbehave on cue.
 */
const STAND_IN = `
import { appendFileSync } from 'node:fs';
const mode = process.env.STAND_IN_MODE;
appendFileSync(process.env.STAND_IN_STARTS, 'start\\n');
if (mode === 'config') process.exit(78);
process.on('message', (message) => {
  if (message.type === 'shutdown') process.exit(0);
  if (message.type === 'invoke' && message.command === 'dev.crashService') process.exit(1);
  const value = message.command === 'app.info'
    ? { execArgv: process.execArgv, gc: typeof globalThis.gc, arenas: process.env.MALLOC_ARENA_MAX, mmapThreshold: process.env.MALLOC_MMAP_THRESHOLD_ }
    : message.command;
  if (message.type === 'invoke') process.send({ type: 'result', id: message.id, result: { ok: true, value } });
});
// 'disconnected': the channel closes while the process lives on, the state a send races on stop.
process.send({ type: 'ready', simulatedDevices: mode === 'simulated' }, () => {
  if (mode === 'disconnected') {
    process.disconnect();
    setInterval(() => undefined, 60_000);
  }
});
`;

let link: ChildServiceLink | null = null;
afterEach(async () => {
  await link?.close();
  link = null;
});

function startStandIn(mode: string, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'service-link-'));
  const entry = join(dir, 'stand-in.mjs');
  const starts = join(dir, 'starts');
  writeFileSync(entry, STAND_IN);
  writeFileSync(starts, '');
  const log = recordingLogger();
  let exhausted = 0;
  link = childProcessServiceLink({
    entry,
    env: { ...process.env, STAND_IN_MODE: mode, STAND_IN_STARTS: starts, ...env },
    log,
    recovery: { baseDelayMs: 10, maxDelayMs: 20, maxCrashes: 1 },
    onExhausted: () => (exhausted += 1),
  });
  const launches = () => readFileSync(starts, 'utf8').split('\n').filter(Boolean).length;
  return { link, log, launches, exhausted: () => exhausted };
}

describe('the browser host runs the service through the shared link', () => {
  it('announces the ready message, relays commands, and closes with a shutdown the service obeys', async () => {
    const { link } = startStandIn('simulated');
    await expect(link.firstReady).resolves.toEqual({ type: 'ready', simulatedDevices: true });
    expect(link.announced()).toEqual({ type: 'ready', simulatedDevices: true });
    await expect(link.invoke('session.snapshot', undefined)).resolves.toEqual(ok('session.snapshot'));
    await link.close();
    expect(link.status()).toEqual({ state: 'unavailable', restarts: 0 });
  });

  it("starts the service with the memory settings (V8's young generation bounded, gc exposed, glibc's malloc tuned), an operator's malloc setting winning", async () => {
    const { link } = startStandIn('simulated', { MALLOC_ARENA_MAX: '1' });
    await link.firstReady;
    const info = await link.invoke('app.info', undefined);
    expect(info).toEqual(
      ok({ execArgv: expect.arrayContaining(['--max-semi-space-size=8', '--expose-gc']), gc: 'function', arenas: '1', mmapThreshold: '65536' }),
    );
  });

  it('gives up at once on a service that refuses its configuration (EX_CONFIG 78): firstReady is null, no restart', async () => {
    const { link, launches, log } = startStandIn('config');
    await expect(link.firstReady).resolves.toBeNull();
    expect(log.lines.map((l) => l.event)).toEqual(['service.exited', 'service.config_invalid']);
    expect(launches()).toBe(1);
  });

  it('restarts a crashed service, then stops the host once the ladder runs out', async () => {
    const { link, launches, exhausted } = startStandIn('crashing');
    await link.firstReady;
    await expect(link.invoke('dev.crashService', undefined)).resolves.toEqual(fail('service.unavailable'));
    await waitUntil(() => link.status().state === 'available');
    expect(link.status()).toEqual({ state: 'available', restarts: 1 });
    // maxCrashes 1: the second crash is one too many.
    await expect(link.invoke('dev.crashService', undefined)).resolves.toEqual(fail('service.unavailable'));
    await waitUntil(() => exhausted() === 1);
    expect(launches()).toBe(2);
  });

  it('reports a send on a closed channel to the link instead of throwing, and ends such a service with SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'service-link-'));
    writeFileSync(join(dir, 'stand-in.mjs'), STAND_IN);
    writeFileSync(join(dir, 'starts'), '');
    const proc = fork(join(dir, 'stand-in.mjs'), [], {
      env: { ...process.env, STAND_IN_MODE: 'disconnected', STAND_IN_STARTS: join(dir, 'starts') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = adaptChildProcess(proc);
    const exited = new Promise<[number | null, string | null]>((resolve) => child.onExit((code, signal) => resolve([code, signal])));
    await new Promise((resolve) => proc.once('disconnect', resolve));
    let failed = 0;
    expect(() => child.postMessage({ type: 'shutdown' }, () => (failed += 1))).not.toThrow();
    expect(failed).toBe(1);
    child.kill('SIGTERM');
    await expect(exited).resolves.toEqual([null, 'SIGTERM']);
  });
});
