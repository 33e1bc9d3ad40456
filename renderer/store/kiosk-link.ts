import type { KioskApi, Unsubscribe } from '../../electron/contract/api.ts';
import type { Language } from '../../electron/contract/app.ts';
import type { Result } from '../../electron/contract/errors.ts';
import type { ServiceStatus } from '../../electron/contract/service-status.ts';
import type { SessionEvent, SessionSnapshot } from '../../electron/contract/session.ts';
import { ACTIVITY_REPORT_INTERVAL_MS, createThrottle } from './activity-throttle.ts';
import { bindEntryToSession } from './entry-lifecycle.ts';
import type { EntryStore } from './entry-store.ts';
import { serviceRecovered, sessionEnded } from './mirror-snapshot.ts';
import type { createServiceStore } from './service-store.ts';
import type { createSessionStore } from './session-store.ts';
import type { createUiStore } from './ui-store.ts';

export interface KioskStores {
  readonly session: ReturnType<typeof createSessionStore>;
  readonly service: ReturnType<typeof createServiceStore>;
  readonly ui: ReturnType<typeof createUiStore>;
  readonly entry: EntryStore;
}

export interface KioskLinkOptions {
  /** Monotonic clock for the activity throttle. */
  readonly now?: () => number;
  /** How long to wait before asking again for a snapshot that could not be fetched. */
  readonly snapshotRetryMs?: number;
}

/** What the screens may ask of the kiosk. */
export interface CitizenCommands {
  start(language: Language): void;
  selectLanguage(language: Language): void;
  cancel(): void;
  /** Any other event of the running session (continue, consent, email, …). */
  send(event: SessionEvent): void;
  /** A touch anywhere: postpones the idle deadline, at most once per 10 s. */
  reportActivity(): void;
  /** "Continuar" on the idle warning: postpones the deadline now, whatever the throttle says. */
  stayActive(): void;
}

export interface KioskLink extends CitizenCommands {
  /** Starts mirroring the service into the stores; the returned function stops it. */
  connect(): Unsubscribe;
}

/**
 * The one place that talks to window.kiosk. Every snapshot, pushed or
 * returned by a command, goes through `receive`, so the mirror rule and the
 * end-of-session reset apply to both paths alike.
 */
export function createKioskLink(kiosk: KioskApi, stores: KioskStores, options: KioskLinkOptions = {}): KioskLink {
  const { now = () => performance.now(), snapshotRetryMs = 5_000 } = options;
  const activityGate = createThrottle(ACTIVITY_REPORT_INTERVAL_MS, now);
  let lastStatus: ServiceStatus | null = null;
  let connected = false;
  let commandInFlight = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The mirror dropped when the service restarted: a session it held and the new service lacks has ended too. */
  let forgotten: SessionSnapshot | null = null;

  function receive(next: SessionSnapshot): void {
    const before = stores.session.getState().snapshot ?? forgotten;
    stores.session.getState().receive(next);
    forgotten = null;
    if (sessionEnded(before, stores.session.getState().snapshot)) stores.ui.getState().resetForNextCitizen();
  }

  async function fetchSnapshot(): Promise<void> {
    clearTimeout(retryTimer);
    const result = await kiosk.session.snapshot();
    if (!connected) return;
    if (result.ok) return receive(result.value);
    stores.session.getState().snapshotFetchFailed();
    // Without a snapshot there is no screen to show; keep asking until the service answers.
    if (stores.session.getState().snapshot === null) retryTimer = setTimeout(() => void fetchSnapshot(), snapshotRetryMs);
  }

  function onStatus(next: ServiceStatus): void {
    const recovered = serviceRecovered(lastStatus, next);
    lastStatus = next;
    stores.service.getState().setState(next.state);
    if (recovered) {
      forgotten = stores.session.getState().snapshot ?? forgotten;
      stores.session.getState().forget();
      void fetchSnapshot();
    }
  }

  async function command(run: () => Promise<Result<SessionSnapshot>>): Promise<void> {
    // A double tap must not start a session twice (the second would fail with
    // session.already_active and show an error on the new screen).
    if (commandInFlight) return;
    commandInFlight = true;
    stores.session.getState().commandStarted();
    const result = await run().finally(() => (commandInFlight = false));
    if (result.ok) {
      stores.session.getState().commandSucceeded();
      receive(result.value);
    } else {
      stores.session.getState().commandFailed(result.error);
    }
  }

  function sendActivity(): void {
    // Deliberately not shown to the citizen: a lost activity report only
    // means the idle warning may come a few seconds early.
    void kiosk.session.send({ type: 'activity' }).then((result) => {
      if (result.ok) receive(result.value);
    });
  }

  return {
    connect() {
      connected = true;
      const stopEntry = bindEntryToSession(stores.session, stores.entry);
      const stopSnapshots = kiosk.session.onSnapshot(receive);
      const stopStatus = kiosk.service.onStatus(onStatus);
      void kiosk.service.status().then((result) => {
        // A pushed status that arrived meanwhile is newer than this answer.
        if (!connected || lastStatus !== null) return;
        // A host that cannot answer its own status has lost the service too.
        onStatus(result.ok ? result.value : { state: 'unavailable', restarts: 0 });
      });
      void fetchSnapshot();
      return () => {
        connected = false;
        clearTimeout(retryTimer);
        stopEntry();
        stopSnapshots();
        stopStatus();
      };
    },
    start: (language) => void command(() => kiosk.session.start({ language })),
    selectLanguage: (language) => void command(() => kiosk.session.send({ type: 'language.select', language })),
    cancel: () => void command(() => kiosk.session.cancel()),
    send(event) {
      void command(() => kiosk.session.send(event));
      // The password has left for the service (or was dropped as a double
      // tap): either way the renderer keeps no copy (ARCHITECTURE.md, renderer).
      if (event.type === 'password.submit') stores.entry.getState().clearPassword();
    },
    reportActivity() {
      if (activityGate()) sendActivity();
    },
    stayActive: sendActivity,
  };
}
