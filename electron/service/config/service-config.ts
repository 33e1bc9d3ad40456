import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_LANGUAGE, DEVICE_ROLES, type DeviceRole, KioskModeSchema, LANGUAGES, LanguageSchema } from '../../contract/index.ts';
import { DeviceAssignmentSchema, type DeviceAssignment, parseDeviceAssignment, SIMULATED_DEVICES } from './device-config.ts';

/**
 * The kiosk configuration: one zod schema for the document stored in SQLite
 * (kiosk-config.ts) and for the `KIOSK_*` environment variables read here.
 * Every field has a default or is optional, so the defaults are the embedded
 * development setup, and a document written by an older build (missing a
 * newer field) still loads.
 */

/**
 * IANA names only ("America/Santiago", "UTC", "Etc/GMT+4"): Intl also accepts
 * UTC offsets such as "-03:00", which do not follow Chile's daylight-saving
 * changes, so a name that does not look like an IANA zone is refused first.
 */
function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An Argon2id hash in PHC string format (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, base64 without padding). */
const ARGON2ID_PHC = /^\$argon2id\$(?:v=\d{1,3}\$)?m=\d{1,10},t=\d{1,10},p=\d{1,3}\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$/;

const seconds = (min: number, max: number, fallback: number) => z.number().int().min(min).max(max).default(fallback);
const path = z.string().min(1).max(4096);

const StepTimeoutsSchema = z
  .object({
    /** Waiting for the cédula at the card reader. */
    cardSeconds: seconds(10, 600, 90),
    /** Waiting for a finger on the reader, per capture. */
    fingerSeconds: seconds(10, 600, 60),
    /** Typing email, phone or password on the touch screen. */
    entrySeconds: seconds(30, 1800, 180),
    /** One request to the central API before the kiosk takes the offline path. */
    centralSeconds: seconds(2, 120, 20),
  })
  .strict()
  .prefault({});

const AttemptLimitsSchema = z
  .object({
    /** Unreadable or rejected card reads per session. */
    cardReads: z.number().int().min(1).max(10).default(3),
    /** Finger captures per session (poor quality or no match); central keeps its own lockout per person. */
    fingerCaptures: z.number().int().min(1).max(10).default(4),
  })
  .strict()
  .prefault({});

const OutboxLimitsSchema = z
  .object({
    /** Below this much free disk the kiosk stops taking sessions that would queue. */
    minFreeMiB: z.number().int().min(10).max(1_048_576).default(200),
    /** Queue length at which the kiosk stops taking sessions that would queue. */
    maxPendingRows: z.number().int().min(100).max(10_000_000).default(10_000),
    /** Oldest undelivered row a technician is warned about. */
    maxAgeDays: z.number().int().min(1).max(365).default(7),
  })
  .strict()
  .prefault({});

/**
 * Self-updates (electron/main/updater.ts). The window is parsed again by
 * electron/host/update-policy.ts, which the service may not import; the
 * pattern here is the same "HH:MM-HH:MM".
 */
const UPDATE_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

function isReleasePublicKey(pem: string): boolean {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    return false;
  }
}

const UpdateSettingsSchema = z
  .object({
    /** Where releases are published (electron-updater's generic provider, https); absent: the URL the build was published with. */
    url: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .max(2048)
      .optional(),
    /** Local wall-clock time in timeZone, "HH:MM-HH:MM"; may cross midnight. Nothing is checked, downloaded or installed outside it. */
    window: z
      .string()
      .regex(UPDATE_WINDOW, 'must be HH:MM-HH:MM on a 24-hour clock, e.g. 03:00-05:00')
      .refine((w) => w.slice(0, 5) !== w.slice(6), 'start and end must differ')
      .default('03:00-05:00'),
    /** Minutes without a touch on the screen before an update may be installed. */
    quietMinutes: z.number().int().min(1).max(120).default(10),
    /** The release key's public half (PEM, ECDSA P-256) that latest-linux.yml.sig must verify with. Absent: the kiosk never updates itself. */
    publicKey: z.string().max(1024).refine(isReleasePublicKey, 'must be an ECDSA P-256 public key in PEM').optional(),
  })
  .strict()
  .prefault({});

export const ServiceConfigSchema = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore; at most 64'),
    mode: KioskModeSchema,
    languages: z.array(LanguageSchema).min(1),
    defaultLanguage: LanguageSchema,
    /** Seconds without a touch after which a session is wiped. */
    idleTimeoutSeconds: z.number().int().min(15).max(3600),
    /** Simulated devices and the dev.* commands. */
    simulatedDevices: z.boolean(),
    /** Where the kiosk keeps its files (database, simulated printer output). Bootstrap: from the environment, never stored. */
    dataDir: z.string().min(1).max(4096),
    devices: z.object({ fingerprint: DeviceAssignmentSchema, cardReader: DeviceAssignmentSchema, printer: DeviceAssignmentSchema }).strict(),
    /** The central enrollment API (https); absent: the kiosk runs without central. */
    centralUrl: z
      .url({ protocol: /^https$/, error: 'must be an https URL' })
      .max(2048)
      .optional(),
    /** Path of the central CA certificate (PEM) the kiosk pins. */
    centralCaFile: path.optional(),
    /** One-time registration token; used only while the kiosk has no client certificate. Never logged, never stored. */
    centralRegistrationToken: z.string().min(1).max(128).optional(),
    /** Where the kiosk is, as printed on receipts and shown to technicians. */
    office: z.string().trim().min(1).max(120).default('Oficina de desarrollo'),
    /** For receipts and local display; everything stored or sent is UTC. */
    timeZone: z.string().max(64).refine(isIanaTimeZone, 'must be an IANA time zone, e.g. America/Santiago').default('America/Santiago'),
    stepTimeouts: StepTimeoutsSchema,
    attemptLimits: AttemptLimitsSchema,
    /** A client certificate provisioned outside the registration flow (PEM); goes with centralClientKeyFile. */
    centralClientCertFile: path.optional(),
    /** Its private key: a file only the service's user may read (see key-protector.ts). */
    centralClientKeyFile: path.optional(),
    /** Argon2id hash (PHC string) of the technician PIN; the PIN itself is never stored. Absent: technician mode is closed. */
    technicianPinHash: z.string().max(512).regex(ARGON2ID_PHC, 'must be an Argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)').optional(),
    outbox: OutboxLimitsSchema,
    // Heartbeats and out of service (heartbeat/): how often the kiosk reports to central, and where a citizen goes when it cannot serve.
    /** Seconds between heartbeats to central. */
    heartbeatSeconds: seconds(10, 86_400, 300),
    /** Where to go instead when the kiosk is out of service, e.g. "Oficina del Registro Civil, Av. Ejemplo 123"; absent: a generic sentence. */
    outOfServiceOffice: z.string().trim().min(1).max(300).optional(),
    updates: UpdateSettingsSchema,
  })
  .strict()
  .refine((c) => c.languages.includes(c.defaultLanguage), { message: 'must be one of languages', path: ['defaultLanguage'] })
  .refine((c) => (c.centralUrl === undefined) === (c.centralCaFile === undefined), {
    message: 'KIOSK_CENTRAL_URL and KIOSK_CENTRAL_CA go together',
    path: ['centralCaFile'],
  })
  .refine((c) => (c.centralClientCertFile === undefined) === (c.centralClientKeyFile === undefined), {
    message: 'centralClientCertFile and centralClientKeyFile go together',
    path: ['centralClientKeyFile'],
  })
  .superRefine((c, ctx) => {
    // A real kiosk never runs a simulated device (README, device defaults).
    if (c.simulatedDevices) return;
    for (const role of DEVICE_ROLES) {
      if (c.devices[role].transport === 'simulated')
        ctx.addIssue({ code: 'custom', message: 'simulated devices need simulatedDevices (KIOSK_SIMULATED=1)', path: ['devices', role] });
    }
  });
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;
/** What a caller may hand in: the fields with defaults may be left out. */
export type ServiceConfigInput = z.input<typeof ServiceConfigSchema>;

/** The nearest folder holding package.json: the checkout (or, in a bundle, the app folder). */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/**
 * The data directory when KIOSK_DATA_DIR is unset: the checkout's git-ignored
 * `.kiosk-data`, the same for `npm start` (either host) and kioskctl, so a
 * technician's command finds the kiosk the developer started. A packaged kiosk
 * never falls back to it: Electron main and the systemd unit pass KIOSK_DATA_DIR.
 */
export const DEFAULT_DATA_DIR = join(packageRoot(dirname(fileURLToPath(import.meta.url))), '.kiosk-data');

export const DEFAULT_SERVICE_CONFIG: ServiceConfig = ServiceConfigSchema.parse({
  kioskId: 'dev-kiosk-01',
  mode: 'civil-digital',
  languages: [...LANGUAGES],
  defaultLanguage: DEFAULT_LANGUAGE,
  idleTimeoutSeconds: 120,
  simulatedDevices: true,
  dataDir: DEFAULT_DATA_DIR,
  devices: SIMULATED_DEVICES,
} satisfies ServiceConfigInput);

/** Where each role's device is configured from the environment. */
const DEVICE_VARIABLES: Readonly<Record<DeviceRole, string>> = {
  fingerprint: 'KIOSK_FINGERPRINT',
  cardReader: 'KIOSK_CARD_READER',
  printer: 'KIOSK_PRINTER',
};

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  /** The environment variable, or the field's path joined with dots (`stepTimeouts.cardSeconds`). */
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`invalid kiosk configuration: ${field}: ${reason}`);
    this.name = 'ConfigError';
    this.field = field;
  }
}

/** The field a zod issue is about, as a dotted path; an unknown key names the key itself. */
export function issueField(issue: z.core.$ZodIssue | undefined, root = '(document)'): string {
  if (issue === undefined) return root;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  return path.length > 0 ? path.join('.') : root;
}

const ENV_FIELDS = {
  KIOSK_ID: 'kioskId',
  KIOSK_MODE: 'mode',
  KIOSK_LANGUAGES: 'languages',
  KIOSK_DEFAULT_LANGUAGE: 'defaultLanguage',
  KIOSK_IDLE_TIMEOUT_S: 'idleTimeoutSeconds',
  KIOSK_SIMULATED: 'simulatedDevices',
  KIOSK_DATA_DIR: 'dataDir',
  KIOSK_CENTRAL_URL: 'centralUrl',
  KIOSK_CENTRAL_CA: 'centralCaFile',
  KIOSK_CENTRAL_TOKEN: 'centralRegistrationToken',
  KIOSK_CENTRAL_CLIENT_CERT: 'centralClientCertFile',
  KIOSK_CENTRAL_CLIENT_KEY: 'centralClientKeyFile',
  KIOSK_HEARTBEAT_SECONDS: 'heartbeatSeconds',
  KIOSK_OUT_OF_SERVICE_OFFICE: 'outOfServiceOffice',
} as const;

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvOverlay {
  readonly config: ServiceConfig;
  /** Fields whose value this run took from the environment (dotted paths, e.g. `mode`, `devices.printer`). */
  readonly overriddenFields: string[];
}

/** Reads `KIOSK_*` variables over the defaults; an invalid value is refused with the variable's name. */
export function configFromEnv(env: Env): ServiceConfig {
  return overlayEnv(DEFAULT_SERVICE_CONFIG, env).config;
}

/**
 * The `KIOSK_*` variables over `base` (the defaults, or the stored document).
 * A device role without its variable keeps `base`'s device, except that a
 * kiosk switched to real devices (KIOSK_SIMULATED=0) reports a simulated one
 * as not configured, as it always has.
 */
export function overlayEnv(base: ServiceConfig, env: Env): EnvOverlay {
  const candidate: Record<string, unknown> = { ...base };
  const overriddenFields: string[] = [];
  for (const [variable, field] of Object.entries(ENV_FIELDS)) {
    const raw = env[variable];
    if (raw === undefined || raw === '') continue;
    if (field === 'languages') candidate[field] = raw.split(',').map((s) => s.trim());
    else if (field === 'idleTimeoutSeconds' || field === 'heartbeatSeconds') candidate[field] = Number(raw);
    else if (field === 'simulatedDevices') {
      if (raw !== '0' && raw !== '1') throw new ConfigError(variable, 'must be 0 or 1');
      candidate[field] = raw === '1';
    } else candidate[field] = raw;
    overriddenFields.push(field);
  }
  const simulated = candidate.simulatedDevices === true;
  const devices: Record<DeviceRole, DeviceAssignment> = { ...base.devices };
  for (const role of DEVICE_ROLES) {
    const variable = DEVICE_VARIABLES[role];
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      // A development kiosk simulates what is not configured; a real one reports it as not configured.
      if (!simulated && devices[role].transport === 'simulated') {
        devices[role] = { transport: 'none' };
        overriddenFields.push(`devices.${role}`);
      }
      continue;
    }
    const parsed = parseDeviceAssignment(role, raw);
    if (!parsed.ok) throw new ConfigError(variable, parsed.reason);
    if (parsed.value.transport === 'simulated' && !simulated) throw new ConfigError(variable, 'simulated devices need KIOSK_SIMULATED=1');
    devices[role] = parsed.value;
    overriddenFields.push(`devices.${role}`);
  }
  candidate.devices = devices;
  const parsed = ServiceConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issueField(issue);
    throw new ConfigError(variableOf(field) ?? field, issue?.message ?? 'invalid');
  }
  return { config: parsed.data, overriddenFields };
}

/** The variable that sets a field, when one does. */
function variableOf(field: string): string | undefined {
  const [head, role] = field.split('.');
  if (head === 'devices' && role !== undefined && Object.hasOwn(DEVICE_VARIABLES, role)) return DEVICE_VARIABLES[role as DeviceRole];
  return Object.entries(ENV_FIELDS).find(([, f]) => f === head)?.[0];
}

/** The data directory is bootstrap: it says where the stored configuration is, so only the environment sets it. */
export function dataDirFromEnv(env: Env, fallback: string = DEFAULT_DATA_DIR): string {
  const raw = env.KIOSK_DATA_DIR;
  if (raw === undefined || raw === '') return fallback;
  const parsed = ServiceConfigSchema.shape.dataDir.safeParse(raw);
  if (!parsed.success) throw new ConfigError('KIOSK_DATA_DIR', parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}
