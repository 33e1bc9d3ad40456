import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../drivers/transport/byte-transport.ts';
import { failure, runSimulatorControl, type SimulatorReply, thrownReply } from '../../../drivers/transport/simulator-control.ts';

/** A simulator that echoes, answering `slow` late, so ordering shows. */
function echoSimulator() {
  const simulator = {
    isRunning: true,
    stops: 0,
    async stop() {
      simulator.isRunning = false;
      simulator.stops += 1;
    },
  };
  const handle = async (line: string): Promise<SimulatorReply | null> => {
    const command = line.trim();
    if (command === '') return null;
    if (command === 'slow') await new Promise((resolve) => setTimeout(resolve, 30));
    return { ok: true, command };
  };
  return { simulator, handle };
}

describe('runSimulatorControl', () => {
  it('answers each line once, in order, skips blank lines, and stops the simulator at the end of input', async () => {
    const { simulator, handle } = echoSimulator();
    const input = new PassThrough();
    const replies: SimulatorReply[] = [];
    const done = runSimulatorControl(simulator, handle, input, (reply) => replies.push(reply), new Promise(() => undefined));
    input.end('slow\n\nfast\r\n');
    await done;
    expect(replies).toEqual([
      { ok: true, command: 'slow' },
      { ok: true, command: 'fast' },
    ]);
    expect(simulator.stops).toBe(1);
  });

  it('stops at quit, and reads nothing after it', async () => {
    const { simulator, handle } = echoSimulator();
    const input = new PassThrough();
    const replies: SimulatorReply[] = [];
    const done = runSimulatorControl(simulator, handle, input, (reply) => replies.push(reply), new Promise(() => undefined));
    input.write('one\nquit\ntwo\n');
    await done;
    expect(replies.map((r) => r.command)).toEqual(['one', 'quit']);
    expect(simulator.stops).toBe(1);
  });

  it('stops when told to (SIGINT, SIGTERM), with input still open', async () => {
    const { simulator, handle } = echoSimulator();
    let stop: () => void = () => undefined;
    await Promise.all([runSimulatorControl(simulator, handle, new PassThrough(), () => undefined, new Promise<void>((resolve) => (stop = resolve))), stop()]);
    expect(simulator.stops).toBe(1);
  });
});

describe('simulator replies', () => {
  it('carry a thrown error’s stable code, or sim.internal', () => {
    expect(thrownReply('replug', new TransportError('transport.open_failed', 'socat did not create /x'))).toEqual(
      failure('replug', 'transport.open_failed', 'socat did not create /x'),
    );
    expect(thrownReply('insert', new Error('boom'))).toEqual({ ok: false, command: 'insert', error: { code: 'sim.internal', message: 'boom' } });
  });
});
