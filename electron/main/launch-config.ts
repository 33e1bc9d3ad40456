/**
 * What main reads from its environment, decided in one pure function.
 *
 * - `KIOSK_DEV` (`1`/`0`): simulated devices and the dev.* commands. Defaults
 *   to on for an unpackaged app (developers work without hardware) and off for
 *   a packaged one, which refuses to start with `KIOSK_DEV=1` (or
 *   `KIOSK_SIMULATED=1`): on a kiosk in the field the dev commands would let
 *   whoever sets the environment insert a synthetic card and place a matching
 *   finger. Main forwards the decision to the service as `KIOSK_SIMULATED` so
 *   the window and the service can never disagree.
 * - `KIOSK_DATA_DIR`: where the service keeps its database and outbox;
 *   defaults to a folder under Electron's userData.
 */
export interface LaunchConfig {
  readonly dev: boolean;
  readonly dataDir: string;
  /** Environment of the service process. */
  readonly serviceEnv: Readonly<Record<string, string>>;
}

export type LaunchConfigResult =
  { readonly ok: true; readonly config: LaunchConfig } | { readonly ok: false; readonly variable: string; readonly reason: string };

export interface LaunchFacts {
  readonly isPackaged: boolean;
  readonly userDataDir: string;
  readonly version: string;
  readonly joinPath: (...parts: string[]) => string;
}

/**
 * Variables that would let whoever sets the environment run code inside the
 * service (the packaged binary ignores NODE_OPTIONS through a fuse, reference
 * §1.3; an unpackaged one does not).
 */
const NOT_INHERITED = new Set(['NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE']);

export function launchConfigFromEnv(env: Readonly<Record<string, string | undefined>>, facts: LaunchFacts): LaunchConfigResult {
  const rawDev = env.KIOSK_DEV;
  if (rawDev !== undefined && rawDev !== '' && rawDev !== '0' && rawDev !== '1') {
    return { ok: false, variable: 'KIOSK_DEV', reason: 'must be 0 or 1' };
  }
  if (facts.isPackaged) {
    for (const variable of ['KIOSK_DEV', 'KIOSK_SIMULATED'] as const) {
      if (env[variable] === '1') return { ok: false, variable, reason: 'is refused by a packaged build (developer commands, simulated devices)' };
    }
  }
  const dev = rawDev === undefined || rawDev === '' ? !facts.isPackaged : rawDev === '1';
  const dataDir = env.KIOSK_DATA_DIR || facts.joinPath(facts.userDataDir, 'kiosk-data');

  const serviceEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !NOT_INHERITED.has(name)) serviceEnv[name] = value;
  }
  Object.assign(serviceEnv, { KIOSK_DATA_DIR: dataDir, KIOSK_SIMULATED: dev ? '1' : '0', KIOSK_VERSION: facts.version });
  return { ok: true, config: { dev, dataDir, serviceEnv } };
}
