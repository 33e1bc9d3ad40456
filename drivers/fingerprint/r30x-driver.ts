/**
 * FingerprintReader for R30x / ZFM-20 / AS608 / R50x modules over any
 * ByteTransport: a USB-serial bridge (SerialTransport) or a CP2110 HID-to-UART
 * bridge (Cp2110Transport). The protocol is hardware-protocols.md §1; the
 * capture is the reference's "identify" flow without the search (§1.7):
 * GenImg until 00 → UpImage, 4 bits a pixel on the wire, returned as 8 bits.
 *
 * No Img2Tz/UpChar: a real module's template is a vendor format (§1.6: "not
 * ISO 19794-2") that only a compatible module can match, so the kiosk sends
 * the image and central extracts the minutiae. The image is 36,864 bytes at
 * 4 bpp, about 6.4 s at the factory 57,600 baud and 3.2 s at 115,200, so the
 * driver can move the line to a faster speed after connecting
 * (`fastBaudRate`, SetSysPara 4) and puts it back at close().
 *
 * Robustness, each for a reason seen on these modules:
 *  - one command in flight (R30xChannel): replies carry no sequence number;
 *  - the packet size is read with ReadSysPara and re-read after a data phase
 *    goes wrong: manuals disagree on the factory value (§1.2);
 *  - a watchdog closes and reopens the link after consecutive timeouts
 *    (a module that stops answering usually needs its UART re-synchronised);
 *  - after an unplug the port is reopened with back-off until it answers;
 *  - the R50x power-on 0x55 and line noise are skipped by the decoder (§1.1).
 * Abort rejects the caller at once; a command already on the wire still runs
 * to its end (or deadline) inside the channel, so the next capture starts on
 * a quiet line.
 */
import type { BaudConfigurable, ByteTransport } from '../transport/byte-transport.ts';
import { ListenerSet } from '../transport/listener-set.ts';
import { CommandRejected, DeviceDisconnected, DeviceTimeout, NoFinger, PoorQuality, ProtocolError } from './errors.ts';
import type { FingerPosition } from '../../common/fingers.ts';
import {
  type Capture,
  CAPTURE_RESOLUTION_PPI,
  type CapturedImage,
  type CaptureOptions,
  type DeviceInfo,
  type FingerEvent,
  type FingerprintReader,
  fingerPosition,
  raceAbort,
  type ReaderState,
  realScheduler,
  type Scheduler,
  sleep,
} from './fingerprint-reader.ts';
import { BAUD_UNIT, packetSizeCodeOf, type PacketSizeBytes, type Reply, type SystemParameters } from './r30x-acks.ts';
import { type Exchange, R30xChannel, type SendOptions } from './r30x-command-channel.ts';
import { CONFIRMATION } from './r30x-confirmation-codes.ts';
import { type ImageSize, packedImageBytes, R30X_IMAGE, unpackImage4bpp } from './r30x-image.ts';
import { type CommandOf, DEFAULT_PASSWORD, type InstructionName, SYSTEM_REGISTER } from './r30x-instructions.ts';
import { type ClassifiedTemplate, classifyTemplate } from './r30x-template.ts';

export interface ReconnectPolicy {
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly factor?: number;
}

export interface R30xDriverOptions {
  readonly transport: ByteTransport & Partial<BaudConfigurable>;
  /** Driver id for the contract's RoleStatus; default `r30x-<transport kind>`. */
  readonly driver?: string;
  readonly scheduler?: Scheduler;
  readonly address?: number;
  /** Default 0x00000000, the factory password (reference §1.1). */
  readonly password?: number;
  /** Per ACK and per data packet. Default 1000 ms. */
  readonly replyTimeoutMs?: number;
  readonly quietMs?: number;
  /** Pause between GenImg polls. Default 100 ms. */
  readonly pollIntervalMs?: number;
  /** Consecutive DeviceTimeouts before the watchdog resets the link. Default 3. */
  readonly watchdogTimeouts?: number;
  /** Back-off for reopening after an unplug or a failed reset; `false` never retries. */
  readonly reconnect?: ReconnectPolicy | false;
  /** Default 256 × 288 (R30x, reference §1.6); R503 is 192 × 192. */
  readonly imageSize?: ImageSize;
  /** Largest UpChar payload accepted. Default 2048 (R503 templates are 1536 bytes, §1.6). */
  readonly maxTemplateBytes?: number;
  /**
   * After connecting, move the line to this speed (9600 × N, N ≤ 12) when the
   * module runs slower; restored at close(). Undefined: leave the speed alone.
   */
  readonly fastBaudRate?: number;
}

type Connection = 'not-connected' | 'connected' | 'needs-attention';
const R30X_MAX_BAUD_MULTIPLIER = 12;
/** ZFM-20 / R30x factory speed (reference §1.1): what a module found at the fast speed is put back to. */
const FACTORY_BAUD = 57_600;

export class R30xDriver implements FingerprintReader {
  readonly driver: string;
  readonly #transport: ByteTransport & Partial<BaudConfigurable>;
  readonly #channel: R30xChannel;
  readonly #scheduler: Scheduler;
  readonly #password: number;
  readonly #pollIntervalMs: number;
  readonly #watchdogTimeouts: number;
  readonly #reconnect: Required<ReconnectPolicy> | false;
  readonly #imageSize: ImageSize;
  readonly #maxTemplateBytes: number;
  readonly #fastBaudRate: number | undefined;
  /** The speed the module had before this driver raised it; undefined while it has not. */
  #restoreBaud: number | undefined;
  /** The port's speed when this driver changed it; undefined: as the transport was configured. */
  #lineBaud: number | undefined;
  readonly #fingerListeners = new ListenerSet<[FingerEvent]>();
  readonly #stateListeners = new ListenerSet<[ReaderState]>();
  #params: SystemParameters | undefined;
  #paramsStale = false;
  #connection: Connection = 'not-connected';
  #activeOperations = 0;
  #lastState: ReaderState = 'not-connected';
  /** open() was called and close() was not: keep reconnecting. */
  #wanted = false;
  #connecting: Promise<void> | undefined;
  #cancelRetry: (() => void) | undefined;
  #retryDelayMs = 0;
  #consecutiveTimeouts = 0;
  #fingerPresent: boolean | undefined;
  #captureTail: Promise<unknown> = Promise.resolve();

  constructor(options: R30xDriverOptions) {
    this.#transport = options.transport;
    this.driver = options.driver ?? `r30x-${options.transport.kind}`;
    this.#scheduler = options.scheduler ?? realScheduler;
    this.#channel = new R30xChannel({
      transport: options.transport,
      scheduler: this.#scheduler,
      address: options.address,
      replyTimeoutMs: options.replyTimeoutMs,
      quietMs: options.quietMs,
    });
    this.#password = options.password ?? DEFAULT_PASSWORD;
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
    this.#watchdogTimeouts = options.watchdogTimeouts ?? 3;
    this.#reconnect = options.reconnect === false ? false : { initialDelayMs: 250, maxDelayMs: 5000, factor: 2, ...options.reconnect };
    this.#imageSize = options.imageSize ?? R30X_IMAGE;
    this.#maxTemplateBytes = options.maxTemplateBytes ?? 2048;
    if (options.fastBaudRate !== undefined) checkBaud(options.fastBaudRate);
    this.#fastBaudRate = options.fastBaudRate;
    this.#channel.onDisconnect(() => this.#onDisconnect());
  }

  /** Noise, stray packets and protocol errors seen so far, for a technician's probe. */
  get lineStats(): Readonly<R30xChannel['stats']> {
    return { ...this.#channel.stats };
  }

  state(): ReaderState {
    if (this.#connection !== 'connected') return this.#connection;
    return this.#activeOperations > 0 ? 'busy' : 'ready';
  }

  onFinger(listener: (event: FingerEvent) => void): () => void {
    return this.#fingerListeners.add(listener);
  }

  onState(listener: (state: ReaderState) => void): () => void {
    return this.#stateListeners.add(listener);
  }

  /** Rejects when the first connection fails, and keeps retrying in the background until close(). */
  async open(): Promise<void> {
    this.#wanted = true;
    if (this.#connection === 'connected') return;
    try {
      await this.#connectOnce();
    } catch (error) {
      this.#scheduleReconnect();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#wanted = false;
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    await this.#connecting?.catch(() => undefined);
    await this.#restoreLineSpeed();
    await this.#dropTransport('closed by the kiosk');
    this.#fingerPresent = undefined;
    this.#setConnection('not-connected');
  }

  deviceInfo(options: { readonly signal?: AbortSignal } = {}): Promise<DeviceInfo> {
    return this.#operation(async () => this.#info(await this.#readParams()), options.signal);
  }

  verifyPassword(options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    return this.#operation(() => this.#verifyPassword(), options.signal);
  }

  handshake(options: { readonly signal?: AbortSignal } = {}): Promise<boolean> {
    return this.#operation(async () => {
      try {
        // An R30x may not answer 0x40 at all (reference §1.3): that is "unsupported", not a stuck module.
        return (await this.#command({ name: 'handShake' }, {}, false)).reply.accepted;
      } catch (error) {
        if (error instanceof DeviceTimeout) return false;
        throw error;
      }
    }, options.signal);
  }

  capture(options: CaptureOptions): Promise<Capture> {
    const position = fingerPosition(options.finger);
    if (position === undefined) return Promise.reject(new RangeError(`unknown finger ${String(options.finger)}`));
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs < 0) return Promise.reject(new RangeError('timeoutMs must be a non-negative number'));
    const { signal } = options;
    return this.#operation(() => {
      // Captures never interleave: a second GenImg would overwrite the first one's image buffer.
      const turn = this.#captureTail.then(async () => {
        signal?.throwIfAborted();
        if (this.#paramsStale) await this.#readParams();
        await this.#awaitFinger(options.timeoutMs, signal);
        signal?.throwIfAborted();
        return { finger: position, image: await this.#uploadImage() };
      });
      this.#captureTail = turn.catch(() => undefined);
      return turn;
    }, signal);
  }

  /**
   * Img2Tz(1) + UpChar(1) of what the last GenImg captured, stamped with
   * `finger`: the module's own template, for a technician to look at. A real
   * module's is `r30x-vendor`; never sent to central.
   */
  uploadTemplate(finger: FingerPosition, options: { readonly signal?: AbortSignal } = {}): Promise<ClassifiedTemplate> {
    return this.#operation(async () => {
      const features = await this.#command({ name: 'img2Tz', bufferId: 1 });
      if (!features.reply.accepted) throw refusal('img2Tz', features.reply);
      return classifyTemplate(await this.#upload({ name: 'upChar', bufferId: 1 }, this.#maxTemplateBytes), finger);
    }, options.signal);
  }

  /** UpImage of what the last GenImg captured, expanded to 8 bits (reference §1.6). */
  uploadImage(options: { readonly signal?: AbortSignal } = {}): Promise<CapturedImage> {
    return this.#operation(() => this.#uploadImage(), options.signal);
  }

  /** SetSysPara register 6 (reference §1.5); returns the parameters read back. */
  setPacketSize(bytes: PacketSizeBytes, options: { readonly signal?: AbortSignal } = {}): Promise<DeviceInfo> {
    const code = packetSizeCodeOf(bytes);
    if (code < 0) return Promise.reject(new RangeError(`packet size must be 32, 64, 128 or 256, not ${bytes}`));
    return this.#operation(async () => {
      await this.#setRegister(SYSTEM_REGISTER.packetSizeCode, code);
      return this.#info(await this.#readParams());
    }, options.signal);
  }

  /**
   * SetSysPara register 4, then the port follows. ZFM-20: the module answers
   * at the old rate and switches after the ACK (reference §1.5). An R503
   * needs a power cycle first; the read-back then times out and says so.
   */
  setBaudRate(baud: number, options: { readonly signal?: AbortSignal } = {}): Promise<DeviceInfo> {
    let multiplier: number;
    try {
      multiplier = checkBaud(baud);
    } catch (error) {
      return Promise.reject(error as RangeError);
    }
    const transport = this.#transport;
    if (typeof transport.setBaudRate !== 'function') return Promise.reject(new RangeError(`${transport.target} cannot change its line speed`));
    return this.#operation(async () => {
      await this.#setRegister(SYSTEM_REGISTER.baudMultiplier, multiplier);
      await transport.setBaudRate!(baud);
      this.#lineBaud = baud;
      return this.#info(await this.#readParams());
    }, options.signal);
  }

  /**
   * SetSysPara 4 = N, the host port follows, VfyPwd proves both ends agree.
   * When the module does not answer at the new speed (an R503 needs a power
   * cycle first, reference §1.5), the port goes back to the old speed and
   * VfyPwd must answer there; otherwise the error stands.
   */
  async #switchLineSpeed(from: number, to: number): Promise<boolean> {
    const setHost = this.#transport.setBaudRate?.bind(this.#transport);
    if (!setHost) return false;
    const { reply } = await this.#command({ name: 'setSysPara', register: SYSTEM_REGISTER.baudMultiplier, value: to / BAUD_UNIT }, {}, false);
    if (!reply.accepted) return false;
    await setHost(to);
    this.#lineBaud = to;
    try {
      await this.#verifyPassword(false);
      return true;
    } catch (error) {
      if (!(error instanceof DeviceTimeout)) throw error;
      await setHost(from);
      this.#lineBaud = from;
      await this.#verifyPassword(false);
      return false;
    }
  }

  /** Puts the module back to the speed it had before this driver raised it; one that does not answer keeps its speed. */
  async #restoreLineSpeed(): Promise<void> {
    const original = this.#restoreBaud;
    if (original === undefined || this.#connection !== 'connected' || !this.#transport.isOpen) return;
    this.#restoreBaud = undefined;
    try {
      const { reply } = await this.#command({ name: 'setSysPara', register: SYSTEM_REGISTER.baudMultiplier, value: original / BAUD_UNIT }, {}, false);
      // The module switches after its ACK (§1.5); the port follows so a reopen of this transport talks at the restored speed.
      if (reply.accepted && this.#transport.setBaudRate) {
        await this.#transport.setBaudRate(original);
        this.#lineBaud = original;
      }
    } catch {
      // Unplugged or mute: nothing more to do at close; the next open finds the speed (#verifyPasswordAtSomeSpeed).
    }
  }

  async #operation<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    if (this.#connection !== 'connected') throw new DeviceDisconnected(`fingerprint reader on ${this.#transport.target} is ${this.state()}`);
    this.#activeOperations += 1;
    this.#emitState();
    try {
      return await raceAbort(work(), signal);
    } finally {
      this.#activeOperations -= 1;
      this.#emitState();
    }
  }

  async #command<N extends InstructionName>(command: CommandOf<N>, options: SendOptions = {}, watched = true): Promise<Exchange<N>> {
    try {
      const exchange = await this.#channel.send(command, options);
      this.#consecutiveTimeouts = 0;
      return exchange;
    } catch (error) {
      if (error instanceof DeviceTimeout && watched && ++this.#consecutiveTimeouts >= this.#watchdogTimeouts) this.#watchdogReset();
      throw error;
    }
  }

  async #awaitFinger(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    const deadline = this.#scheduler.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const { reply } = await this.#command({ name: 'genImg' });
      if (reply.accepted) return this.#setFinger(true);
      if (reply.confirmation === CONFIRMATION.noFinger) this.#setFinger(false);
      // 01 (receive error) and 03 (capture failed, e.g. a smudge) are worth another try; anything else is not.
      else if (reply.confirmation !== CONFIRMATION.imageCaptureFailed && reply.confirmation !== CONFIRMATION.packetReceiveError) throw refusal('genImg', reply);
      const remaining = deadline - this.#scheduler.now();
      if (remaining <= 0) throw new NoFinger(`no finger on the sensor within ${timeoutMs} ms`);
      await sleep(this.#scheduler, Math.min(this.#pollIntervalMs, remaining), signal);
    }
  }

  async #upload(command: CommandOf<'upChar'> | CommandOf<'upImage'>, maxBytes: number): Promise<Uint8Array> {
    const params = this.#params ?? (await this.#readParams());
    try {
      const { reply, data } = await this.#command(command, { upload: { packetSize: params.packetSizeBytes, maxBytes, baudRate: params.baudRate } });
      if (!reply.accepted) throw refusal(command.name, reply);
      return data!;
    } catch (error) {
      // A packet larger than we expected may mean someone changed the register: read it again next time.
      if (error instanceof ProtocolError && error.reason === 'bad_length') this.#paramsStale = true;
      throw error;
    }
  }

  async #uploadImage(): Promise<CapturedImage> {
    const packed = await this.#upload({ name: 'upImage' }, packedImageBytes(this.#imageSize));
    const image = unpackImage4bpp(packed, this.#imageSize);
    if (!image.ok) throw image.error;
    return { ...image.value, resolutionPpi: CAPTURE_RESOLUTION_PPI };
  }

  async #readParams(watched = true): Promise<SystemParameters> {
    const { reply } = await this.#command({ name: 'readSysPara' }, {}, watched);
    if (!reply.accepted) throw refusal('readSysPara', reply);
    this.#params = reply.value;
    this.#paramsStale = false;
    return reply.value;
  }

  async #verifyPassword(watched = true): Promise<void> {
    const { reply } = await this.#command({ name: 'vfyPwd', password: this.#password }, {}, watched);
    if (!reply.accepted) throw refusal('vfyPwd', reply);
  }

  /**
   * VfyPwd at the port's speed; when that times out and a fast speed is
   * configured, at the other of the two: a module left at the fast speed by a
   * kiosk that died before close() keeps it (SetSysPara writes flash), and
   * one restored at close() is back at the slow one.
   */
  async #verifyPasswordAtSomeSpeed(): Promise<void> {
    try {
      await this.#verifyPassword(false);
      return;
    } catch (error) {
      if (!(error instanceof DeviceTimeout) || this.#fastBaudRate === undefined || !this.#transport.setBaudRate) throw error;
    }
    const fast = this.#fastBaudRate;
    const slow = this.#restoreBaud ?? FACTORY_BAUD;
    const setHost = this.#transport.setBaudRate.bind(this.#transport);
    const current = this.#lineBaud ?? slow;
    const other = current === fast ? slow : fast;
    await setHost(other);
    this.#lineBaud = other;
    await this.#verifyPassword(false);
    if (other === fast) this.#restoreBaud ??= slow;
  }

  async #setRegister(register: number, value: number): Promise<void> {
    const { reply } = await this.#command({ name: 'setSysPara', register, value });
    if (!reply.accepted) throw refusal('setSysPara', reply);
  }

  #info(params: SystemParameters): DeviceInfo {
    return {
      driver: this.driver,
      target: this.#transport.target,
      libraryCapacity: params.libraryCapacity,
      securityLevel: params.securityLevel,
      packetSizeBytes: params.packetSizeBytes,
      baudRate: params.baudRate,
      address: params.address,
      systemId: params.systemId,
      status: params.status,
    };
  }

  #connectOnce(): Promise<void> {
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    this.#cancelRetry?.();
    this.#cancelRetry = undefined;
    if (!this.#transport.isOpen) {
      try {
        await this.#transport.open();
      } catch (error) {
        this.#setConnection('not-connected');
        throw new DeviceDisconnected(`cannot open ${this.#transport.target}: ${(error as Error).message}`);
      }
    }
    if (!this.#wanted) {
      await this.#dropTransport('closed while connecting');
      throw new DeviceDisconnected('fingerprint reader closed while connecting');
    }
    this.#channel.attach();
    try {
      // Not watched: a failed attempt is already a reset; the back-off paces the next one.
      await this.#verifyPasswordAtSomeSpeed();
      const params = await this.#readParams(false);
      const fast = this.#fastBaudRate;
      if (fast !== undefined && params.baudRate < fast && (await this.#switchLineSpeed(params.baudRate, fast))) {
        this.#restoreBaud ??= params.baudRate;
        await this.#readParams(false);
      }
    } catch (error) {
      // The port opened but the module does not answer properly: release it and try again later.
      await this.#dropTransport('module did not answer');
      this.#setConnection(error instanceof DeviceDisconnected ? 'not-connected' : 'needs-attention');
      throw error;
    }
    this.#consecutiveTimeouts = 0;
    this.#retryDelayMs = 0;
    this.#setConnection('connected');
  }

  #onDisconnect(): void {
    this.#fingerPresent = undefined;
    this.#setConnection('not-connected');
    this.#scheduleReconnect();
  }

  #watchdogReset(): void {
    this.#consecutiveTimeouts = 0;
    if (!this.#wanted) return;
    this.#setConnection('needs-attention');
    void this.#dropTransport('watchdog reset').then(() => this.#connectOnce().catch(() => this.#scheduleReconnect()));
  }

  #scheduleReconnect(): void {
    const policy = this.#reconnect;
    if (!policy || !this.#wanted || this.#cancelRetry || this.#connecting) return;
    this.#retryDelayMs = this.#retryDelayMs === 0 ? policy.initialDelayMs : Math.min(policy.maxDelayMs, this.#retryDelayMs * policy.factor);
    this.#cancelRetry = this.#scheduler.after(this.#retryDelayMs, () => {
      this.#cancelRetry = undefined;
      if (this.#wanted) this.#connectOnce().catch(() => this.#scheduleReconnect());
    });
  }

  async #dropTransport(reason: string): Promise<void> {
    this.#channel.detach(reason);
    // A close error means the port is already gone, which is what we want.
    await this.#transport.close().catch(() => undefined);
  }

  #setFinger(present: boolean): void {
    const was = this.#fingerPresent;
    this.#fingerPresent = present;
    if (present && was !== true) this.#emitFinger('present');
    if (!present && was === true) this.#emitFinger('removed');
  }

  #emitFinger(event: FingerEvent): void {
    this.#fingerListeners.emit(event);
  }

  #setConnection(connection: Connection): void {
    this.#connection = connection;
    this.#emitState();
  }

  #emitState(): void {
    const state = this.state();
    if (state === this.#lastState) return;
    this.#lastState = state;
    this.#stateListeners.emit(state);
  }
}

/** N of baud = 9600 × N (reference §1.5), or RangeError. */
function checkBaud(baud: number): number {
  const multiplier = baud / BAUD_UNIT;
  if (!Number.isInteger(multiplier) || multiplier < 1 || multiplier > R30X_MAX_BAUD_MULTIPLIER)
    throw new RangeError(`baud must be 9600 × N with N = 1…12, not ${baud}`);
  return multiplier;
}

/** A refusal as its typed error: 06/07 from Img2Tz are the finger's fault (PoorQuality), the rest the module's. */
function refusal(instruction: string, reply: Reply<InstructionName>): Error {
  if (reply.accepted) return new CommandRejected(instruction, 0, 'unexpected success');
  const { confirmation, meaning } = reply;
  if (instruction === 'img2Tz' && (confirmation === CONFIRMATION.imageTooDisorderly || confirmation === CONFIRMATION.tooFewFeatures)) {
    return new PoorQuality(confirmation, `fingerprint image too poor to extract features: ${meaning}`);
  }
  return new CommandRejected(instruction, confirmation, meaning);
}
