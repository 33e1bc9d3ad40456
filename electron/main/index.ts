/**
 * The Electron main process: the one file of electron/main that imports
 * `electron`. Every decision lives in the pure modules beside it (and their
 * tests); this file only wires them to Electron's APIs. Reference:
 * electron-kiosk.md §1.2 (security checklist), §1.4 (kiosk window, input,
 * single instance, power, recovery ladder), §1.5 (devices in a utilityProcess).
 */
import { app, BrowserWindow, ipcMain, Menu, net, powerSaveBlocker, protocol, session, type Session, utilityProcess, type UtilityProcess } from 'electron';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type EventName, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type ValidatedCommand } from '../contract/index.ts';
import { APP_SCHEME_PRIVILEGES, appResponseHeaders, resolveAppRequest } from './app-protocol.ts';
import { buildContentSecurityPolicy } from '../../common/csp.ts';
import { refusedSwitches } from './command-line-guard.ts';
import { displaySwitches, missingEarlySwitches, parseKioskDisplay } from './display-switches.ts';
import { handleInvoke } from './ipc-guard.ts';
import { type LaunchConfig, launchConfigFromEnv } from './launch-config.ts';
import { createLogger } from '../../common/log.ts';
import { createRecoveryPolicy } from '../host/recovery-policy.ts';
import { createRecoveryRunner } from '../host/recovery-runner.ts';
import { systemScheduler } from '../host/scheduler.ts';
import { createChildServiceLink, runCommand, type ServiceChild } from '../host/service-link.ts';
import { SERVICE_EXEC_ARGV, serviceProcessEnv } from '../host/service-memory-settings.ts';
import { createSystemdNotifier } from '../host/systemd-notify.ts';
import { createSystemdWatchdog, serviceAnswers, type SystemdWatchdog, watchdogFromEnv } from '../host/systemd-watchdog.ts';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, isBlockedInput, schemeOf, shouldAllowNavigation } from './url-guard.ts';
import { builtInFeedUrl, isTouchCommand, linuxChannelFile, startUpdater, type Updater } from './updater.ts';
import { kioskWindowOptions } from './window-options.ts';

// electron-vite emits out/main/{index,service}.js, out/preload/index.cjs and out/renderer/.
const OUT_MAIN = import.meta.dirname;
const RENDERER_ROOT = path.join(OUT_MAIN, '..', 'renderer');
const PRELOAD_PATH = path.join(OUT_MAIN, '..', 'preload', 'index.cjs');
const SERVICE_ENTRY = path.join(OUT_MAIN, 'service.js');
/** The renderer talks only over IPC, so connect-src stays 'none'. */
const CSP = buildContentSecurityPolicy();

const log = createLogger((line) => process.stderr.write(line), 'main');

// Both must happen before `ready` (Electron docs): sandbox every renderer
// whatever its webPreferences say, and give app:// a real origin.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

const launch = launchConfigFromEnv(process.env, {
  isPackaged: app.isPackaged,
  userDataDir: app.getPath('userData'),
  version: app.getVersion(),
  joinPath: path.join,
});

// A packaged kiosk started with a debugger, V8 flags or a disabled sandbox does not start at all.
const refused = refusedSwitches(process.argv.slice(1), app.isPackaged);
const display = parseKioskDisplay(process.env.KIOSK_DISPLAY);

if (refused.length > 0) {
  log.log('error', 'launch.switch_refused', { switches: refused.join(' ') });
  // EX_USAGE: the command line is wrong, and a supervisor restarting it gets the same answer.
  app.exit(64);
} else if (!launch.ok) {
  log.log('error', 'config.invalid', { variable: launch.variable, reason: launch.reason });
  // EX_CONFIG, as the service uses: a supervisor should not restart-loop on it.
  app.exit(78);
} else if (!display.ok) {
  log.log('error', 'config.invalid', { variable: display.variable, reason: display.reason });
  app.exit(78);
} else if (!app.requestSingleInstanceLock()) {
  // A second launch (supervisor race, double tap on a launcher) hands over to the first.
  log.log('info', 'app.already_running');
  app.exit(0);
} else {
  const switches = displaySwitches(display.display);
  for (const entry of switches) if (!entry.early) app.commandLine.appendSwitch(entry.name, entry.value);
  for (const missing of missingEarlySwitches(process.argv, switches)) log.log('warn', 'display.switch_missing', { switch: missing });
  startKiosk(launch.config);
}

function adaptUtilityProcess(proc: UtilityProcess): ServiceChild {
  return {
    postMessage(message, failed) {
      try {
        proc.postMessage(message);
      } catch {
        failed();
      }
    },
    onMessage: (listener) => proc.on('message', listener),
    onExit: (listener) => proc.on('exit', (code) => listener(code, null)),
    onError: (listener) => proc.on('error', (type) => listener(type)),
    // utilityProcess.kill() is Electron's one way to end it (SIGTERM on POSIX), whichever signal was meant.
    kill: () => proc.kill(),
  };
}

function lockDownSession(ses: Session): void {
  // Chromium grants most permissions by default; the kiosk needs none (devices go through the service).
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log.log('warn', 'permission.denied', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => {
    event.preventDefault();
    log.log('warn', 'download.blocked');
  });
}

function serveAppProtocol(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const refuse = (status: number) => new Response(null, { status, headers: appResponseHeaders(CSP) });
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    const resolved = resolveAppRequest(request.url, RENDERER_ROOT);
    if (!resolved.ok) {
      log.log('warn', 'app_protocol.refused', { status: resolved.status, reason: resolved.reason });
      return refuse(resolved.status);
    }
    try {
      const body = await readFile(resolved.filePath);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: appResponseHeaders(CSP, resolved.contentType),
      });
    } catch {
      return refuse(404);
    }
  });
}

function startKiosk(config: LaunchConfig): void {
  let window: BrowserWindow | null = null;
  let quitting = false;
  let serviceStopped = false;

  const sendEvent = (event: EventName, payload: unknown) => {
    const contents = window?.webContents;
    // Service data goes only to our own page, whatever else could ever load in the window.
    if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    contents.send(IPC_EVENT_CHANNEL, { event, payload });
  };

  const loadKioskPage = () => {
    window?.loadURL(APP_ENTRY_URL).catch(() => log.log('error', 'renderer.load_failed'));
  };

  const service = createChildServiceLink({
    launch: () =>
      adaptUtilityProcess(
        utilityProcess.fork(SERVICE_ENTRY, [], {
          env: serviceProcessEnv(config.serviceEnv),
          execArgv: [...SERVICE_EXEC_ARGV],
          serviceName: 'kiosk-service',
          stdio: 'inherit',
        }),
      ),
    log,
    onExit: (code) => recovery.serviceExited(code),
  });
  service.onEvent(sendEvent);
  // Self-updates: only a packaged kiosk, only when its configuration holds the release key (updater.ts).
  const activity = { sessionActive: false, lastTouchAt: null as Date | null };
  let updater: Updater | null = null;
  service.onEvent((event, payload) => {
    if (event !== 'session.snapshot' || typeof payload !== 'object' || payload === null || !('step' in payload)) return;
    activity.sessionActive = payload.step !== 'idle';
    updater?.activityChanged();
  });
  void service.firstReady.then((ready) => {
    if (!app.isPackaged || !ready?.updates) return;
    updater = startUpdater({
      settings: ready.updates,
      builtInUrl: builtInFeedUrl(readOptional(path.join(process.resourcesPath, 'app-update.yml'))),
      channelFile: linuxChannelFile(process.arch),
      engine: loadUpdateEngine,
      fetchBytes: fetchUpdateFile,
      activity: () => activity,
      now: () => new Date(),
      scheduler: systemScheduler,
      log,
    });
  });
  service.onStatus((status) => sendEvent('service.status', status));
  const run = (command: ValidatedCommand) => runCommand(service, command, log);

  const recovery = createRecoveryRunner({
    policy: createRecoveryPolicy(),
    log,
    scheduler: systemScheduler,
    effects: {
      // Reference §1.4 step 1: a reload also wipes the citizen's session, so a
      // crash never leaves one person's data waiting for the next.
      reloadRenderer: () => void run({ name: 'session.cancel', payload: undefined }).finally(loadKioskPage),
      forceCrashRenderer: () => window?.webContents.forcefullyCrashRenderer(),
      restartService: () => service.start(),
      relaunchApp: () => {
        // Under systemd the relaunch ends the unit's cage session anyway; the watchdog's silence makes it certain.
        watchdog?.giveUp('relaunch');
        app.relaunch();
        app.exit(0);
      },
    },
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => {
      log.log('warn', 'window_open.denied');
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log.log('warn', 'webview.blocked');
    });
    const guard = (event: { url: string; preventDefault(): void }, kind: string) => {
      if (shouldAllowNavigation(event.url, contents.getURL())) return;
      event.preventDefault();
      // The scheme only: a URL the page tried to reach may itself carry data.
      log.log('warn', 'navigation.blocked', { kind, scheme: schemeOf(event.url) });
    };
    contents.on('will-navigate', (event) => guard(event, 'navigate'));
    contents.on('will-frame-navigate', (event) => guard(event, 'frame-navigate'));
    contents.on('will-redirect', (event) => guard(event, 'redirect'));
  });

  // The fourth rung of the ladder (packaging/linux/systemd/kiosk.service): only under a unit with WatchdogSec=.
  const notifier = createSystemdNotifier(process.env);
  const watchdogSetup = watchdogFromEnv(process.env, { pid: process.pid, ppid: process.ppid });
  const watchdog: SystemdWatchdog | null = watchdogSetup.enabled
    ? createSystemdWatchdog({
        intervalMs: watchdogSetup.intervalMs,
        scheduler: systemScheduler,
        log,
        // The main process answers by running the probe at all; the service by answering a round trip.
        probe: serviceAnswers(service),
        ping: () => notifier.notify('WATCHDOG=1'),
      })
    : null;
  const announceReady = () => {
    void notifier.notify('READY=1').then((outcome) => {
      if (!outcome.ok) log.log('warn', 'systemd.notify_failed', { code: outcome.error.code });
    });
    watchdog?.start();
  };

  const createWindow = () => {
    const win = new BrowserWindow(kioskWindowOptions({ preloadPath: PRELOAD_PATH, production: app.isPackaged, dev: config.dev }));
    window = win;
    const contents = win.webContents;
    win.once('ready-to-show', () => {
      win.show();
      announceReady();
    });
    win.on('closed', () => {
      window = null;
    });
    contents.on('before-input-event', (event, input) => {
      if (isBlockedInput(input)) event.preventDefault();
    });
    // Pinch zoom off: the app has its own large-text mode (reference §1.4; WCAG 1.4.4).
    contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1));
    contents.on('render-process-gone', (_event, details) => {
      if (!quitting) recovery.rendererGone(details.reason);
    });
    contents.on('unresponsive', () => recovery.rendererUnresponsive());
    contents.on('responsive', () => recovery.rendererResponsive());
    contents.on('preload-error', () => log.log('error', 'preload.failed'));
    loadKioskPage();
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // GPU and other helper crashes are logged; the service's own exit event drives its restart.
  app.on('child-process-gone', (_event, details) => {
    log.log('error', 'child_process.gone', { type: details.type, reason: details.reason, exitCode: details.exitCode });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    quitting = true;
    updater?.dispose();
    recovery.dispose();
    watchdog?.dispose();
    void notifier.notify('STOPPING=1');
  });
  app.on('will-quit', (event) => {
    if (serviceStopped) return;
    // Let the service close its devices and database before the process goes.
    event.preventDefault();
    void service.close().finally(() => {
      serviceStopped = true;
      app.quit();
    });
  });
  process.on('SIGTERM', () => app.quit());

  app
    .whenReady()
    .then(() => {
      Menu.setApplicationMenu(null);
      lockDownSession(session.defaultSession);
      serveAppProtocol();
      ipcMain.handle(IPC_INVOKE_CHANNEL, (event, raw: unknown) => {
        const frame = event.senderFrame;
        const isMainFrame = frame !== null && frame.parent === null && window !== null && event.sender === window.webContents;
        if (isMainFrame && isTouchCommand(raw)) {
          activity.lastTouchAt = new Date();
          updater?.activityChanged();
        }
        return handleInvoke({ frameUrl: frame?.url, isMainFrame }, raw, {
          dev: config.dev,
          forward: run,
          log,
        });
      });
      powerSaveBlocker.start('prevent-display-sleep');
      service.start();
      createWindow();
    })
    .catch((error: unknown) => {
      log.log('error', 'app.start_failed', { message: error instanceof Error ? error.message : String(error) });
      app.exit(1);
    });
}

function readOptional(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** electron-updater is CommonJS whose exports are getters, which ESM's named imports miss: its module.exports is the default. */
async function loadUpdateEngine() {
  const { default: electronUpdater } = await import('electron-updater');
  return electronUpdater.autoUpdater;
}

async function fetchUpdateFile(url: string): Promise<Uint8Array> {
  const response = await net.fetch(url, { cache: 'no-store' });
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: `update.http_${response.status}` });
  return new Uint8Array(await response.arrayBuffer());
}
