/**
 * The diagnostics bundle (kioskctl diagnostics export, technician mode's
 * export): a folder a technician carries away on a USB stick, for whoever has to find out what
 * is wrong with a kiosk without visiting it:
 *
 *   manifest.json   what is in the bundle, when and where it was made
 *   config.json     the stored configuration, secrets as "[set]"
 *   selftest.json   every selftest line and the summary
 *   queue.json      outbox counts, ages and dead-letter reasons (never contents)
 *   versions.json   kiosk, Node, OS, OpenSSL, SQLite and native module versions
 *   service-log.txt the end of the service's log, when it is kept in a file
 *
 * The service writes its log as JSON lines on stderr (common/log.ts); a kiosk keeps
 * them in a file only when its service manager sends them to one. kioskctl
 * looks in `<dataDir>/logs/service.log` (and `service.log.1`, the previous
 * one after a rotation), or in the file named by --log, and takes at most the
 * last 2,000 lines / 1 MiB. The logger never writes personal data; every
 * text in the bundle goes through its scrubber (scrubText, common/redaction.ts)
 * again all the same, so a RUN, e-mail address, phone number, name field, MRZ
 * line, private key, token or password that slipped through anyway (the file
 * also holds whatever else wrote to the service's stderr) does not leave the
 * kiosk.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { release } from 'node:os';
import { join, resolve } from 'node:path';
import { scrubText } from '../../../common/log.ts';
import { Outbox } from '../outbox/outbox.ts';
import { viewConfig } from './config-view.ts';
import { loadConfiguration, withDatabase } from './kiosk-files.ts';
import { MaintenanceError, message } from './maintenance-error.ts';
import { queueView } from './queue.ts';
import { runSelftest, type SelftestOptions, summarize } from './selftest.ts';
import type { CheckResult } from './selftest-checks.ts';
export const SERVICE_LOG_DIR = 'logs';
export const SERVICE_LOG_FILES = ['service.log.1', 'service.log'] as const;
const MAX_LOG_LINES = 2000;
const MAX_LOG_BYTES = 1024 * 1024;
const DAY_MS = 86_400_000;
const NATIVE_MODULES = ['better-sqlite3', 'node-hid', 'serialport', '@serialport/bindings-cpp'] as const;

function packageVersion(specifier: string): string | null {
  try {
    const path = findPackageJSON(specifier, import.meta.url);
    return path === undefined ? null : ((JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? null);
  } catch {
    return null;
  }
}

/** The app's package name goes under `package`: the scrubber takes any value under a `name` key for a person's. */
export function versions(sqliteVersion: string | null) {
  let app: { package: string | null; version: string | null } = { package: null, version: null };
  try {
    const path = findPackageJSON(import.meta.url);
    if (path !== undefined) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name?: string; version?: string };
      app = { package: manifest.name ?? null, version: manifest.version ?? null };
    }
  } catch {
    // reported as null
  }
  return {
    app,
    node: process.version,
    platform: { os: process.platform, release: release(), arch: process.arch },
    openssl: process.versions.openssl ?? null,
    sqlite: sqliteVersion,
    modules: Object.fromEntries(NATIVE_MODULES.map((name) => [name, packageVersion(name)])),
  };
}

/** The last `maxBytes` of a file, cut at a line start. */
function tailOf(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    return size > length ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

/** The end of the service log, scrubbed; or why there is none. */
export function recentServiceLog(dataDir: string, explicit: string | undefined): { text: string; sources: string[] } | { text: null; reason: string } {
  const candidates = explicit !== undefined ? [resolve(explicit)] : SERVICE_LOG_FILES.map((file) => join(dataDir, SERVICE_LOG_DIR, file));
  const sources = candidates.filter((path) => existsSync(path));
  if (sources.length === 0) {
    return {
      text: null,
      reason: `no service log file at ${candidates.join(' or ')}; the service logs to stderr (journalctl, or the host's output), see the technician guide`,
    };
  }
  const lines = sources.flatMap((path) => tailOf(path, MAX_LOG_BYTES).split('\n')).filter((line) => line.trim() !== '');
  let kept = lines.slice(-MAX_LOG_LINES);
  while (kept.length > 0 && Buffer.byteLength(kept.join('\n')) > MAX_LOG_BYTES) kept = kept.slice(Math.ceil(kept.length / 10));
  return { text: scrubText(`${kept.join('\n')}\n`), sources };
}

function bundleName(kioskId: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `kiosk-diagnostics-${kioskId.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`;
}

/** JSON through the scrubber: nothing personal in any value, whatever produced it. */
function scrubbedJson(value: unknown): string {
  return `${scrubText(JSON.stringify(value, null, 2))}\n`;
}

export interface DiagnosticsExport {
  readonly dataDir: string;
  /** The directory the bundle folder is made in; it must exist (a mounted USB stick). */
  readonly target: string;
  /** A service log file to take instead of `<dataDir>/logs/service.log*`. */
  readonly logFile?: string;
  readonly timeoutMs: number;
  /** How the running service checks its own devices (technician mode). */
  readonly selftest?: SelftestOptions;
  /** How selftest lines are written into the bundle (kioskctl: its English); default: as data, message keys and parameters. */
  readonly renderLine?: (line: CheckResult) => unknown;
}

export interface DiagnosticsBundle {
  readonly bundle: string;
  readonly files: string[];
  readonly selftest: 'pass' | 'fail';
  readonly serviceLog: unknown;
}

/** Writes the bundle; shared by `kioskctl diagnostics export` and technician mode. Throws MaintenanceError `not_found` when the target is missing. */
export async function exportDiagnostics(request: DiagnosticsExport): Promise<DiagnosticsBundle> {
  const { dataDir, timeoutMs } = request;
  const target = resolve(request.target);
  if (!existsSync(target)) throw new MaintenanceError('not_found', message('exportTargetMissing', { target }));

  const at = new Date();
  // What the database can tell; each part that fails says why instead of stopping the export.
  const state = await withDatabase(dataDir, 'read', (db) => {
    const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    try {
      const loaded = loadConfiguration(db, dataDir);
      const outbox = new Outbox(db, { maxAgeMs: loaded.config.outbox.maxAgeDays * DAY_MS });
      const now = Date.now();
      return {
        sqlite,
        kioskId: loaded.config.kioskId,
        config: { stored: loaded.stored, updatedAt: loaded.updatedAt, config: viewConfig(loaded.config) },
        queue: queueView(outbox.stats(now), loaded.config.outbox.maxAgeDays, now),
      };
    } catch (error) {
      const problem = { error: { code: (error as { code?: string }).code ?? 'error', message: error instanceof Error ? error.message : String(error) } };
      return { sqlite, kioskId: 'unknown', config: problem, queue: problem };
    }
  }).catch((error: unknown) => {
    const problem = { error: { code: (error as { code?: string }).code ?? 'error', message: error instanceof Error ? error.message : String(error) } };
    return { sqlite: null, kioskId: 'unknown', config: problem, queue: problem };
  });
  const selftestLines = await runSelftest(dataDir, timeoutMs, undefined, request.selftest);
  const selftest = { lines: selftestLines.map(request.renderLine ?? ((line) => line)), summary: summarize(selftestLines, dataDir) };
  const log = recentServiceLog(dataDir, request.logFile);

  const bundle = join(target, bundleName(state.kioskId, at));
  mkdirSync(bundle, { mode: 0o700 });
  const files: Record<string, string> = {
    'config.json': scrubbedJson(state.config),
    'selftest.json': scrubbedJson(selftest),
    'queue.json': scrubbedJson(state.queue),
    'versions.json': scrubbedJson(versions(state.sqlite)),
    ...(log.text !== null && { 'service-log.txt': log.text }),
  };
  const manifest = {
    bundle: 'kiosk diagnostics',
    createdAt: at.toISOString(),
    kioskId: state.kioskId,
    dataDir,
    files: [...Object.keys(files), 'manifest.json'],
    serviceLog: log.text !== null ? { sources: log.sources, maxLines: MAX_LOG_LINES } : { included: false, reason: log.reason },
    privacy:
      'no personal data: configuration secrets shown as "[set]", outbox contents never read, every text scrubbed of RUNs, e-mail addresses and mobile numbers',
  };
  files['manifest.json'] = scrubbedJson(manifest);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(bundle, name), content, { mode: 0o600 });
  return { bundle, files: Object.keys(files), selftest: selftest.summary.selftest, serviceLog: manifest.serviceLog };
}
