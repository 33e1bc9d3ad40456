/**
 * The byte-level R30x simulator on one end of a real socat pty pair
 * (pty.ts), and on the other end the kiosk's serial driver or any other
 * host (pyfingerprint). Shared by the pty tests; every wait is bounded.
 */
import { execFileSync } from 'node:child_process';
import type { PacketSizeBytes } from '../../drivers/fingerprint/r30x-acks.ts';
import { R30xDriver, type R30xDriverOptions } from '../../drivers/fingerprint/r30x-driver.ts';
import { handleControl } from '../../drivers/fingerprint/r30x-simulator-control.ts';
import { R30xSimulator } from '../../drivers/fingerprint/r30x-simulator.ts';
import { SerialTransport } from '../../drivers/transport/serial-transport.ts';
import { createPtyPair, type PtyPair } from './pty.ts';

export const BOUND_MS = 15_000;

export interface SimulatorOnPty {
  readonly pair: PtyPair;
  readonly simulator: R30xSimulator;
  /** One control line (place, lift, unplug…), as `kioskctl simulate fingerprint` takes on stdin. */
  control(line: string): Promise<unknown>;
  close(): Promise<void>;
}

export interface SimulatorOnPtyOptions {
  readonly moduleBaud: number;
  /**
   * A pty carries bytes at any speed. When set, the simulator garbles what
   * arrives while the host end's termios speed (`pair.a`) disagrees with the
   * module's, as a real UART would.
   */
  readonly strictLineSpeed?: boolean;
  /** The module's data packet size (default 128). */
  readonly packetSizeBytes?: PacketSizeBytes;
}

/** The simulated module on `pair.b`; the host opens `pair.a`. */
export async function simulatorOnPty(options: SimulatorOnPtyOptions): Promise<SimulatorOnPty> {
  const pair = await createPtyPair();
  const simulator = await R30xSimulator.start({
    device: new SerialTransport({ path: pair.b, baudRate: options.moduleBaud }),
    plug: pair,
    baudRate: options.moduleBaud,
    ...(options.packetSizeBytes !== undefined && { packetSizeBytes: options.packetSizeBytes }),
    ...(options.strictLineSpeed && { hostBaudRate: () => ttySpeed(pair.a) }),
  });
  return {
    pair,
    simulator,
    control: (line) => handleControl(simulator, line),
    async close() {
      await simulator.stop();
      await pair.close();
    },
  };
}

export interface DriverRig extends SimulatorOnPty {
  readonly driver: R30xDriver;
}

/** The simulator on a pty and the kiosk's R30x driver opened on the other end at `hostBaud`. */
export async function driverOnPty(
  options: SimulatorOnPtyOptions & { readonly hostBaud?: number; readonly driver?: Partial<R30xDriverOptions> },
): Promise<DriverRig> {
  const module = await simulatorOnPty(options);
  const driver = new R30xDriver({
    transport: new SerialTransport({ path: module.pair.a, baudRate: options.hostBaud ?? options.moduleBaud }),
    reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    ...options.driver,
  });
  const rig: DriverRig = {
    ...module,
    driver,
    async close() {
      await driver.close();
      await module.close();
    },
  };
  try {
    await driver.open();
  } catch (error) {
    await rig.close();
    throw error;
  }
  return rig;
}

/** The line speed the OS has for a pty end (termios), as a technician would check it. */
export function ttySpeed(path: string): number {
  return Number(execFileSync('stty', ['-F', path, 'speed'], { encoding: 'utf8' }).trim());
}

export async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${BOUND_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What survives the wire: 4 bits a pixel, expanded × 17 (reference §1.6). */
export function quantised(pixels: Uint8Array): Uint8Array {
  return pixels.map((v) => (v >> 4) * 17);
}
