/**
 * What the kiosk service asks of a fingerprint reader, whatever sits behind it:
 * an R30x-family module on a serial or CP2110 HID bridge (r30x-driver.ts), or
 * the in-process simulated reader (simulated-fingerprint-reader.ts).
 *
 * The product of a capture is the IMAGE (8-bit grey, 500 ppi): central
 * extracts and matches minutiae from it (ARCHITECTURE.md, "Fingerprints:
 * images across the wire"). A real R30x/ZFM/AS608 exports only its own vendor
 * template with UpChar, not ISO/IEC 19794-2 (hardware-protocols.md §1.6, §7),
 * which nobody but a compatible module can match, so a capture never carries
 * one. `template` is for readers that produce ISO 19794-2 records themselves.
 */
import type { StatusFlags } from './r30x-acks.ts';
import { FINGER_POSITIONS, type FingerName, type FingerPosition } from '../../common/fingers.ts';

/** A finger given as an ISO position (1–10), its name, or the name's digits as typed on a command line. */
export function fingerPosition(finger: FingerName | FingerPosition | string | number): FingerPosition | undefined {
  if (typeof finger === 'number') return Number.isInteger(finger) && finger >= 1 && finger <= 10 ? (finger as FingerPosition) : undefined;
  if (Object.hasOwn(FINGER_POSITIONS, finger)) return FINGER_POSITIONS[finger as FingerName];
  return /^\d{1,2}$/.test(finger) ? fingerPosition(Number(finger)) : undefined;
}

export function fingerName(position: FingerPosition): FingerName {
  return (Object.keys(FINGER_POSITIONS) as FingerName[]).find((name) => FINGER_POSITIONS[name] === position)!;
}

/** The contract's device states (electron/contract/devices.ts) that a connected-or-not reader can be in. */
export type ReaderState = 'ready' | 'busy' | 'not-connected' | 'needs-attention';
export type FingerEvent = 'present' | 'removed';

/**
 * `iso-19794-2-2005`: an ISO/IEC 19794-2:2005 finger minutiae record.
 * `r30x-vendor`: the module's proprietary template, matchable only by a
 * compatible module (DownChar + Match, reference §1.7); the technician's
 * tools may upload one to look at, nothing sends it.
 */
export type TemplateFormat = 'iso-19794-2-2005' | 'r30x-vendor';

export interface CaptureOptions {
  readonly finger: FingerName | FingerPosition;
  /** How long to wait for a finger on the sensor; later steps are bounded by the driver's reply deadlines. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The resolution every reader here delivers (R30x, R503 at 508 dpi is within the extractor's 450–550). */
export const CAPTURE_RESOLUTION_PPI = 500;

export interface CapturedImage {
  readonly width: number;
  readonly height: number;
  /** Row-major, one byte per pixel, 0 = black, ridges dark. */
  readonly pixels: Uint8Array;
  readonly resolutionPpi: number;
}

export interface Capture {
  /** The finger the kiosk asked for; the reader cannot know which finger it saw. */
  readonly finger: FingerPosition;
  readonly image: CapturedImage;
  /** Only from a reader that extracts ISO/IEC 19794-2:2005 itself; never a vendor template. */
  readonly template?: { readonly format: 'iso-19794-2-2005'; readonly bytes: Uint8Array };
}

/** ReadSysPara, decoded (reference §1.5). */
export interface DeviceInfo {
  /** Driver id, as the contract's RoleStatus.driver: `r30x-serial`, `r30x-hid`, `simulated`. */
  readonly driver: string;
  /** Where it is attached, for technicians (a port path or VID:PID); never personal data. */
  readonly target: string;
  readonly libraryCapacity: number;
  /** 1 (highest FAR, lowest FRR) … 5. */
  readonly securityLevel: number;
  /** Data bytes per data packet: 32, 64, 128 or 256. */
  readonly packetSizeBytes: number;
  readonly baudRate: number;
  readonly address: number;
  readonly systemId: number;
  readonly status: StatusFlags;
}

export interface FingerprintReader {
  readonly driver: string;
  /** Connects and checks the module answers (VfyPwd, ReadSysPara). Idempotent. */
  open(): Promise<void>;
  /** Stops reconnect attempts and releases the port. Idempotent. */
  close(): Promise<void>;
  state(): ReaderState;
  deviceInfo(options?: { readonly signal?: AbortSignal }): Promise<DeviceInfo>;
  /** VfyPwd with the configured password (0x00000000 by default): the portable liveness check (reference §1.3). */
  verifyPassword(options?: { readonly signal?: AbortSignal }): Promise<void>;
  /** HandShake (0x40, R50x only): true when the module answers 00; false when it refuses or does not answer. */
  handshake(options?: { readonly signal?: AbortSignal }): Promise<boolean>;
  capture(options: CaptureOptions): Promise<Capture>;
  onFinger(listener: (event: FingerEvent) => void): () => void;
  onState(listener: (state: ReaderState) => void): () => void;
}

/**
 * Time, passed in (CONVENTIONS: "timers … are passed in"), so tests advance a
 * manual clock instead of sleeping. `after` returns its own cancel.
 */
export interface Scheduler {
  now(): number;
  after(ms: number, callback: () => void): () => void;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

/** Resolves after `ms`, or rejects with the signal's reason; removes its abort listener either way. */
export function sleep(scheduler: Scheduler, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      cancel();
      reject(signal!.reason);
    };
    const cancel = scheduler.after(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `work` settles the promise unless `signal` aborts first. Whatever `work`
 * does afterwards is observed (no unhandled rejection) and the abort listener
 * is removed when either side settles (no leaked listeners).
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
