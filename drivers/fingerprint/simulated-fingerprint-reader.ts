/**
 * The in-process simulated fingerprint reader (ARCHITECTURE.md, "Simulation,
 * at two depths", 1): the FingerprintReader a developer's kiosk uses by
 * default, and what the service's dev commands script. No bytes, no ports:
 * a scenario says whose finger lands on the glass, when, and how well, and
 * whether the device is busy or comes unplugged mid-capture.
 *
 * A capture is the image a sensor would deliver: the synthetic ridge image
 * (synthetic/fingers/ridge-image, through simulated-fingers.ts) of the placed
 * finger, in the condition the scenario names (or its quality maps to), a new
 * impression index per capture, 4-bit quantised as the byte-level simulator's
 * module sends it, so both simulators hand the service the same kind of
 * picture. Judging it is the service's job (local quality score), not the
 * reader's.
 */
import { defaultPopulation, findCitizen, type Population } from '../../synthetic/citizens/index.ts';
import { ListenerSet } from '../transport/listener-set.ts';
import { DeviceDisconnected, DeviceTimeout, NoFinger } from './errors.ts';
import {
  type Capture,
  type CaptureOptions,
  type DeviceInfo,
  type FingerEvent,
  type FingerprintReader,
  fingerPosition,
  type ReaderState,
  realScheduler,
  type Scheduler,
} from './fingerprint-reader.ts';
import type { FingerName, FingerPosition } from '../../common/fingers.ts';
import { R30X_IMAGE, packImage4bpp, unpackImage4bpp } from './r30x-image.ts';
import { conditionOfQuality, type FingerprintQuality, isFingerprintCondition, ridgeImpressionImage } from './simulated-fingers.ts';

export interface SimulatedFinger {
  readonly run: string;
  /** Default: the finger the kiosk asks for (the citizen does as told). */
  readonly finger?: FingerName | FingerPosition;
  /** 0–100, default 80; mapped to a ridge-image condition (conditionOfQuality) unless `condition` names one. */
  readonly quality?: number;
  readonly condition?: FingerprintQuality;
}

export interface SimulatedScenario {
  /** Whose finger is (or will be) on the glass; null: nobody's, so captures end in NoFinger. */
  readonly finger: SimulatedFinger | null;
  /** The finger lands this long after a capture starts. Default 0. */
  readonly placeAfterMs?: number;
  /** The device is busy this long at the start of each capture (state `busy`); longer than the capture's timeout ends in DeviceTimeout. */
  readonly busyMs?: number;
  /** The cable comes out this long into the next capture: DeviceDisconnected, and `not-connected` until replug(). */
  readonly unplugAfterMs?: number;
}

export interface SimulatedFingerprintReaderOptions {
  readonly scheduler?: Scheduler;
  readonly population?: Population;
  /**
   * Time GenImg and the upload each take. Default 0: an instant device, so a
   * kiosk's own work is what a benchmark of it measures (the byte-level
   * simulator, r30x-simulator.ts, paces a real module's line time).
   */
  readonly stepMs?: number;
  /** Pause between looks for a finger while a placement is scheduled (`placeAfterMs`). Default 100 ms. */
  readonly pollIntervalMs?: number;
  readonly scenario?: SimulatedScenario;
}

const NO_FINGER: SimulatedScenario = { finger: null };

export class SimulatedFingerprintReader implements FingerprintReader {
  readonly driver = 'simulated';
  readonly #scheduler: Scheduler;
  readonly #population: Population;
  readonly #stepMs: number;
  readonly #pollIntervalMs: number;
  readonly #fingerListeners = new ListenerSet<[FingerEvent]>();
  readonly #stateListeners = new ListenerSet<[ReaderState]>();
  /** Fired at each unplug and at close, so every wait in flight ends with DeviceDisconnected. */
  readonly #unplugWaiters = new Set<(why: string) => void>();
  /** Woken by every scenario change, so a finger placed during a capture is seen at once, not at the next poll. */
  readonly #scenarioWaiters = new Set<() => void>();
  #scenario: SimulatedScenario;
  #open = false;
  #plugged = true;
  #busy = 0;
  #lastState: ReaderState = 'not-connected';
  #fingerSeen = false;
  #captures = 0;

  constructor(options: SimulatedFingerprintReaderOptions = {}) {
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#population = options.population ?? defaultPopulation();
    this.#stepMs = options.stepMs ?? 0;
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
    this.#scenario = NO_FINGER;
    if (options.scenario) this.setScenario(options.scenario);
  }

  get scenario(): SimulatedScenario {
    return this.#scenario;
  }

  /** Throws RangeError for a RUN no synthetic citizen has, or a finger that is not 1–10. */
  setScenario(scenario: SimulatedScenario): void {
    if (scenario.finger) {
      if (!findCitizen(this.#population, scenario.finger.run)) throw new RangeError('no synthetic citizen has that RUN');
      if (scenario.finger.finger !== undefined && fingerPosition(scenario.finger.finger) === undefined)
        throw new RangeError(`unknown finger ${String(scenario.finger.finger)}`);
      if (scenario.finger.condition !== undefined && !isFingerprintCondition(scenario.finger.condition))
        throw new RangeError(`unknown finger condition ${String(scenario.finger.condition)}`);
    }
    const wasOn = this.#scenario.finger !== null;
    this.#scenario = scenario;
    if (wasOn && scenario.finger === null) this.#see(false);
    for (const wake of [...this.#scenarioWaiters]) wake();
  }

  place(finger: SimulatedFinger): void {
    this.setScenario({ finger });
  }

  lift(): void {
    this.setScenario({ ...this.#scenario, finger: null });
  }

  unplug(): void {
    if (!this.#plugged) return;
    this.#plugged = false;
    this.#fingerSeen = false;
    for (const wake of [...this.#unplugWaiters]) wake('simulated fingerprint reader unplugged mid-capture');
    this.#emitState();
  }

  replug(): void {
    this.#plugged = true;
    this.#emitState();
  }

  state(): ReaderState {
    if (!this.#open || !this.#plugged) return 'not-connected';
    return this.#busy > 0 ? 'busy' : 'ready';
  }

  onFinger(listener: (event: FingerEvent) => void): () => void {
    return this.#fingerListeners.add(listener);
  }

  onState(listener: (state: ReaderState) => void): () => void {
    return this.#stateListeners.add(listener);
  }

  async open(): Promise<void> {
    this.#open = true;
    this.#emitState();
  }

  async close(): Promise<void> {
    this.#open = false;
    for (const wake of [...this.#unplugWaiters]) wake('simulated fingerprint reader closed');
    this.#emitState();
  }

  async deviceInfo(): Promise<DeviceInfo> {
    this.#requireConnected();
    return {
      driver: this.driver,
      target: 'in-process',
      libraryCapacity: 162,
      securityLevel: 3,
      packetSizeBytes: 128,
      baudRate: 57600,
      address: 0xffffffff,
      systemId: 0,
      status: { busy: this.#busy > 0, pass: false, passwordVerified: true, imageBufferValid: this.#captures > 0 },
    };
  }

  async verifyPassword(): Promise<void> {
    this.#requireConnected();
  }

  async handshake(): Promise<boolean> {
    this.#requireConnected();
    return true;
  }

  async capture(options: CaptureOptions): Promise<Capture> {
    const position = fingerPosition(options.finger);
    if (position === undefined) throw new RangeError(`unknown finger ${String(options.finger)}`);
    const { signal, timeoutMs } = options;
    signal?.throwIfAborted();
    this.#requireConnected();
    const scenario = this.#scenario;
    const started = this.#scheduler.now();
    const cancelUnplug = scenario.unplugAfterMs === undefined ? undefined : this.#scheduler.after(scenario.unplugAfterMs, () => this.unplug());
    this.#busy += 1;
    this.#emitState();
    try {
      const busyMs = scenario.busyMs ?? 0;
      if (busyMs > timeoutMs) {
        await this.#wait(timeoutMs, signal);
        throw new DeviceTimeout('capture (device busy)', timeoutMs);
      }
      if (busyMs > 0) await this.#wait(busyMs, signal);
      const placed = await this.#awaitFinger(scenario, position, started, timeoutMs, signal);
      await this.#step(signal);
      this.#captures += 1;
      const condition = placed.condition ?? conditionOfQuality(placed.quality, this.#captures);
      const rendered = ridgeImpressionImage(placed.citizen, placed.position, this.#captures, condition);
      // What an R30x sends: 4 bits a pixel, expanded again (reference §1.6).
      const quantised = unpackImage4bpp(packImage4bpp(rendered), R30X_IMAGE);
      if (!quantised.ok) throw quantised.error;
      await this.#step(signal);
      return { finger: position, image: { ...quantised.value, resolutionPpi: rendered.resolutionPpi } } satisfies Capture;
    } finally {
      cancelUnplug?.();
      this.#busy -= 1;
      this.#emitState();
    }
  }

  async #awaitFinger(scenario: SimulatedScenario, requested: FingerPosition, started: number, timeoutMs: number, signal: AbortSignal | undefined) {
    const deadline = started + timeoutMs;
    for (;;) {
      // place()/lift() during the capture take effect at the next look.
      const finger = this.#scenario.finger;
      const landed = finger !== null && this.#scheduler.now() >= started + (scenario.placeAfterMs ?? 0);
      this.#see(landed);
      if (landed && finger) {
        const citizen = findCitizen(this.#population, finger.run)!;
        const position = finger.finger === undefined ? requested : fingerPosition(finger.finger)!;
        return { citizen, position, quality: finger.quality ?? 80, condition: finger.condition };
      }
      const remaining = deadline - this.#scheduler.now();
      if (remaining <= 0) throw new NoFinger(`no finger on the sensor within ${timeoutMs} ms`);
      await this.#wait(Math.min(this.#pollIntervalMs, remaining), signal, true);
    }
  }

  /** One device step (GenImg, an upload): no timer at all for an instant device, but still the abort and unplug checks. */
  async #step(signal: AbortSignal | undefined): Promise<void> {
    if (this.#stepMs > 0) return this.#wait(this.#stepMs, signal);
    signal?.throwIfAborted();
    this.#requireConnected();
  }

  /**
   * Sleeps on the scheduler; ends early with the abort reason, or DeviceDisconnected on unplug, or (`untilScenarioChange`)
   * without error when the scenario changes. Leaves no listener behind.
   */
  #wait(ms: number, signal: AbortSignal | undefined, untilScenarioChange = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (this.state() === 'not-connected') return reject(new DeviceDisconnected('simulated fingerprint reader is not connected'));
      const done = (): void => {
        cancel();
        signal?.removeEventListener('abort', onAbort);
        this.#unplugWaiters.delete(onUnplug);
        this.#scenarioWaiters.delete(onScenario);
      };
      const onAbort = (): void => {
        done();
        reject(signal!.reason);
      };
      const onUnplug = (why: string): void => {
        done();
        reject(new DeviceDisconnected(why));
      };
      const onScenario = (): void => {
        done();
        resolve();
      };
      const cancel = this.#scheduler.after(ms, onScenario);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#unplugWaiters.add(onUnplug);
      if (untilScenarioChange) this.#scenarioWaiters.add(onScenario);
    });
  }

  #requireConnected(): void {
    if (this.state() === 'not-connected') throw new DeviceDisconnected('simulated fingerprint reader is not connected');
  }

  #see(present: boolean): void {
    if (present === this.#fingerSeen) return;
    this.#fingerSeen = present;
    this.#fingerListeners.emit(present ? 'present' : 'removed');
  }

  #emitState(): void {
    const state = this.state();
    if (state === this.#lastState) return;
    this.#lastState = state;
    this.#stateListeners.emit(state);
  }
}
