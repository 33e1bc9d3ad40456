/**
 * Self-updates with electron-updater's generic provider, in the maintenance
 * window only. What to do when comes from the pure policy
 * (electron/host/update-policy.ts); whether to believe the server comes from
 * the release key's signature over latest-linux.yml
 * (electron/host/update-metadata.ts). This file only runs the loop: ask the
 * policy, act, sleep until the policy's instant or the next activity change.
 *
 * electron-updater is loaded only when a kiosk is configured to update
 * itself, and Electron's network stack is passed in: this module imports
 * neither `electron` nor, at load, `electron-updater`.
 */
import type { AppUpdater, UpdateCheckResult } from 'electron-updater';
import type { Logger } from '../../common/log.ts';
import { type ServiceReady } from '../contract/index.ts';
import { claimsMatchSignedMetadata, metadataValues, verifyMetadataSignature } from '../host/update-metadata.ts';
import { decideUpdate, parseMaintenanceWindow, type UpdateStage } from '../host/update-policy.ts';
import type { Scheduler } from '../host/scheduler.ts';

export type UpdateSettings = NonNullable<ServiceReady['updates']>;

/** The part of electron-updater's AppUpdater the kiosk uses (a fake stands in for it in tests). */
export type UpdateEngine = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'on' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'
>;

export interface UpdaterOptions {
  readonly settings: UpdateSettings;
  /** The feed's base URL when the configuration names none: app-update.yml's, from electron-builder.yml's `publish`. */
  readonly builtInUrl: string | null;
  /** electron-updater's channel file for this machine (latest-linux.yml on x64). */
  readonly channelFile: string;
  readonly engine: () => Promise<UpdateEngine>;
  /** GET over Electron's network stack (the system's proxy and CAs); rejects on a non-2xx answer. */
  readonly fetchBytes: (url: string) => Promise<Uint8Array>;
  readonly activity: () => { readonly sessionActive: boolean; readonly lastTouchAt: Date | null };
  readonly now: () => Date;
  readonly scheduler: Scheduler;
  readonly log: Logger;
  /** Minutes between a failed check or download and the next try. */
  readonly retryMinutes?: number;
}

export interface Updater {
  /** A session began or ended, or the screen was touched: decide again (an install waits for quiet). */
  activityChanged(): void;
  dispose(): void;
}

/** The channel file electron-updater reads on Linux (electron-updater's getCustomChannelName: x64 has no arch suffix). */
export function linuxChannelFile(arch: string): string {
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

/** The `url:` of app-update.yml, which electron-builder writes into resources from `publish`. */
export function builtInFeedUrl(appUpdateYml: string | null): string | null {
  return appUpdateYml === null ? null : (metadataValues(appUpdateYml).url[0] ?? null);
}

/** Starts the loop, or returns null (logged) when this kiosk must not update itself. */
export function startUpdater(options: UpdaterOptions): Updater | null {
  const { settings, log, scheduler } = options;
  const window = parseMaintenanceWindow(settings.window);
  const feedUrl = settings.url ?? options.builtInUrl;
  if (!window.ok) {
    log.log('error', 'update.disabled', { code: window.error.code });
    return null;
  }
  if (settings.publicKey === undefined || feedUrl === null) {
    // Without the release key nothing could be verified; without a feed there is nothing to ask.
    log.log('info', 'update.disabled', { reason: settings.publicKey === undefined ? 'no_public_key' : 'no_feed_url' });
    return null;
  }
  const publicKey = settings.publicKey;
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  let stage: UpdateStage = 'none';
  let lastAttempt: { at: Date; ok: boolean } | null = null;
  let timer: unknown = null;
  let busy = false;
  let disposed = false;
  let engine: UpdateEngine | null = null;
  let installing = false;

  const getEngine = async () => {
    if (engine === null) {
      engine = await options.engine();
      // Downloads and installs happen when the policy says, never on electron-updater's own initiative.
      engine.autoDownload = false;
      engine.autoInstallOnAppQuit = false;
      engine.setFeedURL({ provider: 'generic', url: base });
      // Its messages (URLs, versions, file paths; never citizen data) as our JSON lines, at debug.
      const relay = (level: 'debug' | 'warn') => (message: unknown) => log.log(level, 'update.engine', { message: String(message).slice(0, 500) });
      engine.logger = { info: relay('debug'), warn: relay('warn'), error: relay('warn') };
      // An install that fails is reported only as an 'error' event (an EventEmitter throws one nobody listens to).
      engine.on('error', (error) => {
        log.log('warn', 'update.engine_error', { code: codeOf(error) });
        if (!installing) return;
        installing = false;
        // Synchronously inside quitAndInstall the loop records it itself; later, the loop is idle and is woken.
        if (busy) return;
        lastAttempt = { at: options.now(), ok: false };
        schedule(0);
      });
    }
    return engine;
  };

  /** The signed metadata, fetched by us, must say what electron-updater read from the server. */
  const verify = async (result: UpdateCheckResult): Promise<boolean> => {
    const metadataUrl = new URL(options.channelFile, base).href;
    const [metadata, signature] = await Promise.all([options.fetchBytes(metadataUrl), options.fetchBytes(`${metadataUrl}.sig`)]);
    const signed = verifyMetadataSignature(metadata, Buffer.from(signature).toString('utf8'), publicKey);
    const claims = {
      version: result.updateInfo.version,
      files: result.updateInfo.files.map((file) => ({ url: file.url, sha512: file.sha512 })),
    };
    const check = signed.ok ? claimsMatchSignedMetadata(Buffer.from(metadata).toString('utf8'), claims) : signed;
    if (!check.ok) log.log('error', 'update.refused', { code: check.error.code, version: result.updateInfo.version });
    return check.ok;
  };

  const act = async (kind: 'check' | 'download' | 'install') => {
    const updater = await getEngine();
    if (kind === 'check') {
      const result = await updater.checkForUpdates();
      if (result !== null && result.isUpdateAvailable) {
        if (!(await verify(result))) return false;
        stage = 'available';
        log.log('info', 'update.available', { version: result.updateInfo.version });
      }
      return true;
    }
    if (kind === 'download') {
      // electron-updater checks the file against the sha512 of the metadata verified above.
      await updater.downloadUpdate();
      stage = 'downloaded';
      log.log('info', 'update.downloaded');
      return true;
    }
    log.log('info', 'update.installing');
    installing = true;
    // Silent, and start the new version afterwards: nobody is there to click through an installer.
    updater.quitAndInstall(true, true);
    return installing;
  };

  const tick = () => {
    timer = null;
    if (disposed || busy) return;
    const now = options.now();
    const decision = decideUpdate({
      now,
      window: window.value,
      timeZone: settings.timeZone,
      ...options.activity(),
      quietMinutes: settings.quietMinutes,
      stage,
      lastAttempt,
      retryMinutes: options.retryMinutes ?? 30,
    });
    if (decision.kind === 'wait') {
      schedule(Math.max(0, decision.until.getTime() - now.getTime()));
      return;
    }
    busy = true;
    act(decision.kind)
      .then(
        (ok) => (lastAttempt = { at: options.now(), ok }),
        (error: unknown) => {
          lastAttempt = { at: options.now(), ok: false };
          log.log('warn', 'update.attempt_failed', { action: decision.kind, code: codeOf(error) });
        },
      )
      .finally(() => {
        busy = false;
        // An install under way ends with the app quitting; anything else, or an install that failed, asks the policy again.
        if (!installing) schedule(0);
      });
  };

  const schedule = (ms: number) => {
    if (disposed) return;
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = scheduler.setTimeout(tick, ms);
  };

  log.log('info', 'update.enabled', { window: settings.window });
  schedule(0);
  return {
    activityChanged: () => {
      if (!busy) schedule(0);
    },
    dispose: () => {
      disposed = true;
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
    },
  };
}

/** A command from the page that a touch caused (reads and status polls are not touches). */
export function isTouchCommand(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || !('command' in raw) || typeof raw.command !== 'string') return false;
  const { command } = raw;
  return (command.startsWith('session.') && command !== 'session.snapshot') || (command.startsWith('technician.') && command !== 'technician.status');
}

/** electron-updater's errors carry a code (ERR_UPDATER_…); ours carry update.*; the code is what a technician searches for. */
function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'update.failed';
}
