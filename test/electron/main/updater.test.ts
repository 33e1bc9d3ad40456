import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../common/log.ts';
import { signMetadata } from '../../../electron/host/update-metadata.ts';
import { builtInFeedUrl, isTouchCommand, linuxChannelFile, startUpdater, type UpdateEngine, type UpdateSettings } from '../../../electron/main/updater.ts';

/**
 * The updater loop against a fake electron-updater and a fake clock, with real
 * signatures: what it asks the engine to do, and when.
 */
function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
const release = keyPair();
const FEED = 'https://updates.example.invalid/kiosk/';
const DEB = 'enrollment-kiosk-1.2.0-amd64.deb';
const SHA = createHash('sha512').update('package').digest('base64');
const METADATA = `version: 1.2.0\nfiles:\n  - url: ${DEB}\n    sha512: ${SHA}\n    size: 10\npath: ${DEB}\nsha512: ${SHA}\nreleaseDate: '2026-12-01T10:00:00.000Z'\n`;

function harness(options: { settings?: Partial<UpdateSettings>; served?: Record<string, string>; startAt?: string; installFails?: boolean } = {}) {
  let now = new Date(options.startAt ?? '2026-06-10T07:30:00Z'); // 03:30 in Santiago: inside 03:00-05:00
  const timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 1;
  const calls: string[] = [];
  const lines: string[] = [];
  const activity = { sessionActive: false, lastTouchAt: null as Date | null };
  const served = options.served ?? { 'latest-linux.yml': METADATA, 'latest-linux.yml.sig': signMetadata(Buffer.from(METADATA), release.privatePem) };
  const errorListeners: ((error: Error) => void)[] = [];
  const engine: UpdateEngine = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    logger: console,
    on: ((event: string, listener: (error: Error) => void) => {
      if (event === 'error') errorListeners.push(listener);
      return engine;
    }) as UpdateEngine['on'],
    setFeedURL: (feed) => void calls.push(`setFeedURL ${JSON.stringify(feed)}`),
    checkForUpdates: async () => {
      calls.push('checkForUpdates');
      const updateInfo = { version: '1.2.0', files: [{ url: DEB, sha512: SHA }], path: DEB, sha512: SHA, releaseDate: '2026-12-01T10:00:00.000Z' };
      return { isUpdateAvailable: true, updateInfo, versionInfo: updateInfo };
    },
    downloadUpdate: async () => {
      calls.push('downloadUpdate');
      return ['/tmp/update.deb'];
    },
    quitAndInstall: (silent, runAfter) => {
      calls.push(`quitAndInstall ${silent} ${runAfter}`);
      // DebUpdater reports a failed dpkg only through an 'error' event, synchronously.
      if (options.installFails) for (const listener of errorListeners) listener(Object.assign(new Error('dpkg failed'), { code: 'ERR_DPKG' }));
    },
  };
  let engineLoads = 0;
  const updater = startUpdater({
    settings: { window: '03:00-05:00', quietMinutes: 10, timeZone: 'America/Santiago', publicKey: release.publicPem, url: FEED, ...options.settings },
    builtInUrl: null,
    channelFile: 'latest-linux.yml',
    engine: async () => {
      engineLoads++;
      return engine;
    },
    fetchBytes: async (url) => {
      const name = url.slice(FEED.length);
      if (!url.startsWith(FEED) || served[name] === undefined) throw Object.assign(new Error('HTTP 404'), { code: 'update.http_404' });
      return new Uint8Array(Buffer.from(served[name]));
    },
    activity: () => activity,
    now: () => now,
    scheduler: {
      setTimeout: (run, ms) => {
        const id = nextId++;
        timers.push({ at: now.getTime() + ms, run, id });
        return id;
      },
      clearTimeout: (id) => {
        const index = timers.findIndex((t) => t.id === id);
        if (index >= 0) timers.splice(index, 1);
      },
    },
    log: createLogger((line) => lines.push(line), 'updater'),
  });

  /** Runs every timer due up to `until`, letting the engine's promises settle between them. */
  async function runUntil(until: Date) {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      timers.sort((a, b) => a.at - b.at);
      const due = timers[0];
      if (due === undefined || due.at > until.getTime()) break;
      timers.shift();
      if (due.at > now.getTime()) now = new Date(due.at);
      due.run();
    }
    if (until.getTime() > now.getTime()) now = until;
  }
  return { updater, engine, calls, lines, activity, runUntil, timers, engineLoads: () => engineLoads, now: () => now };
}

describe('startUpdater', () => {
  it('checks, verifies, downloads and installs a signed update in the window when nobody is there', async () => {
    const h = harness();
    await h.runUntil(h.now());
    expect(h.engine.autoDownload).toBe(false);
    expect(h.engine.autoInstallOnAppQuit).toBe(false);
    expect(h.calls).toEqual([`setFeedURL {"provider":"generic","url":"${FEED}"}`, 'checkForUpdates', 'downloadUpdate', 'quitAndInstall true true']);
    expect(h.lines.join('')).toContain('"event":"update.installing"');
  });

  it('refuses metadata signed with another key: no download, the code in the log', async () => {
    const h = harness({ served: { 'latest-linux.yml': METADATA, 'latest-linux.yml.sig': signMetadata(Buffer.from(METADATA), keyPair().privatePem) } });
    await h.runUntil(h.now());
    expect(h.calls).not.toContain('downloadUpdate');
    expect(h.lines.join('')).toContain('"code":"update.signature_invalid"');
  });

  it('refuses when the signed metadata differs from what electron-updater read', async () => {
    const other = METADATA.replace('version: 1.2.0', 'version: 1.1.9');
    const h = harness({ served: { 'latest-linux.yml': other, 'latest-linux.yml.sig': signMetadata(Buffer.from(other), release.privatePem) } });
    await h.runUntil(h.now());
    expect(h.calls).not.toContain('downloadUpdate');
    expect(h.lines.join('')).toContain('"code":"update.metadata_mismatch"');
  });

  it('treats a missing signature as a failed attempt and tries again later in the window', async () => {
    const h = harness({ served: { 'latest-linux.yml': METADATA } });
    await h.runUntil(h.now());
    expect(h.calls.filter((c) => c === 'checkForUpdates')).toHaveLength(1);
    expect(h.lines.join('')).toContain('"code":"update.http_404"');
    await h.runUntil(new Date('2026-06-10T08:00:00Z')); // 30 minutes later
    expect(h.calls.filter((c) => c === 'checkForUpdates')).toHaveLength(2);
  });

  it('holds the install while a session is under way, and installs once it is over and quiet', async () => {
    const h = harness();
    h.activity.sessionActive = true;
    await h.runUntil(h.now());
    expect(h.calls).toContain('downloadUpdate');
    expect(h.calls.some((c) => c.startsWith('quitAndInstall'))).toBe(false);
    // The session ends with a touch at 03:31: the install waits the ten quiet minutes.
    h.activity.sessionActive = false;
    h.activity.lastTouchAt = new Date('2026-06-10T07:31:00Z');
    h.updater!.activityChanged();
    await h.runUntil(new Date('2026-06-10T07:40:59Z'));
    expect(h.calls.some((c) => c.startsWith('quitAndInstall'))).toBe(false);
    await h.runUntil(new Date('2026-06-10T07:41:00Z'));
    expect(h.calls).toContain('quitAndInstall true true');
  });

  it('tries a failed install again 30 minutes later, not at once', async () => {
    const h = harness({ installFails: true });
    await h.runUntil(h.now());
    const installs = () => h.calls.filter((c) => c.startsWith('quitAndInstall')).length;
    expect(installs()).toBe(1);
    expect(h.lines.join('')).toContain('"event":"update.engine_error"');
    await h.runUntil(new Date('2026-06-10T07:59:00Z'));
    expect(installs()).toBe(1);
    await h.runUntil(new Date('2026-06-10T08:00:00Z'));
    expect(installs()).toBe(2);
  });

  it('relays electron-updater’s own messages as JSON lines', async () => {
    const h = harness();
    await h.runUntil(h.now());
    h.engine.logger?.info('Checking for update');
    expect(h.lines.some((line) => line.includes('"event":"update.engine"') && line.includes('Checking for update'))).toBe(true);
  });

  it('does nothing outside the window, not even load electron-updater, until the window opens', async () => {
    const h = harness({ startAt: '2026-06-10T16:00:00Z' });
    await h.runUntil(new Date('2026-06-11T06:59:00Z'));
    expect(h.engineLoads()).toBe(0);
    await h.runUntil(new Date('2026-06-11T07:00:00Z'));
    expect(h.calls).toContain('checkForUpdates');
  });

  it('stays off without the release key, or with a window it cannot read', () => {
    const lines: string[] = [];
    const base = {
      builtInUrl: FEED,
      channelFile: 'latest-linux.yml',
      engine: () => Promise.reject(new Error('must not load')),
      fetchBytes: () => Promise.reject(new Error('must not fetch')),
      activity: () => ({ sessionActive: false, lastTouchAt: null }),
      now: () => new Date(),
      scheduler: { setTimeout: () => 0, clearTimeout: () => undefined },
      log: createLogger((line) => lines.push(line), 'updater'),
    };
    expect(startUpdater({ ...base, settings: { window: '03:00-05:00', quietMinutes: 10, timeZone: 'UTC' } })).toBeNull();
    expect(startUpdater({ ...base, settings: { window: '3-5', quietMinutes: 10, timeZone: 'UTC', publicKey: release.publicPem } })).toBeNull();
    expect(lines.join('')).toContain('"reason":"no_public_key"');
    expect(lines.join('')).toContain('"code":"update.window_invalid"');
  });
});

describe('updater helpers', () => {
  it('names electron-updater’s Linux channel file per architecture', () => {
    expect(linuxChannelFile('x64')).toBe('latest-linux.yml');
    expect(linuxChannelFile('arm64')).toBe('latest-linux-arm64.yml');
  });

  it('reads the feed URL electron-builder wrote into app-update.yml', () => {
    expect(builtInFeedUrl('provider: generic\nurl: https://updates.example.invalid/kiosk/\nupdaterCacheDirName: enrollment-kiosk-updater\n')).toBe(
      'https://updates.example.invalid/kiosk/',
    );
    expect(builtInFeedUrl(null)).toBeNull();
  });

  it('counts commands a touch causes, not reads', () => {
    expect(isTouchCommand({ command: 'session.send', payload: {} })).toBe(true);
    expect(isTouchCommand({ command: 'technician.enter' })).toBe(true);
    expect(isTouchCommand({ command: 'session.snapshot' })).toBe(false);
    expect(isTouchCommand({ command: 'devices.status' })).toBe(false);
    expect(isTouchCommand('session.send')).toBe(false);
  });
});
