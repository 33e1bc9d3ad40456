/**
 * Since when each device has been in its heartbeat state, and the last error
 * it reported: central raises `device_down` from how long a role has been
 * not-connected or not-ready, so the kiosk reports when the state began, not
 * when it was last looked at. Fed by the device manager's status reports.
 */
import type { DeviceRole, DeviceState, DeviceStatusReport } from '../../contract/index.ts';
import type { HeartbeatDevice, HeartbeatDeviceState } from '../central/heartbeat-contract.ts';

/** The wire contract's mapping; opening or starting (not-configured) counts as not ready. */
export function heartbeatDeviceState(state: DeviceState): HeartbeatDeviceState {
  switch (state) {
    case 'ready':
      return 'ready';
    case 'busy':
      return 'busy';
    case 'not-connected':
      return 'not-connected';
    default:
      return 'not-ready';
  }
}

/** A code central can show: the contract's device state that was a failure. */
function errorCodeOf(state: DeviceState): string | null {
  return state === 'not-connected' || state === 'needs-attention' ? `device.${state}` : null;
}

interface RoleHistory {
  state: HeartbeatDeviceState;
  sinceMs: number;
  lastError: string | null;
}

export class DeviceHistory {
  readonly #roles: Record<DeviceRole, RoleHistory>;

  constructor(startedAtMs: number) {
    const initial = (): RoleHistory => ({ state: 'not-ready', sinceMs: startedAtMs, lastError: null });
    this.#roles = { fingerprint: initial(), cardReader: initial(), printer: initial() };
  }

  observe(report: DeviceStatusReport, nowMs: number): void {
    for (const role of Object.keys(this.#roles) as DeviceRole[]) {
      const reported = report.roles[role].state;
      const entry = this.#roles[role];
      const state = heartbeatDeviceState(reported);
      if (state !== entry.state) {
        entry.state = state;
        entry.sinceMs = nowMs;
      }
      entry.lastError = errorCodeOf(reported) ?? entry.lastError;
    }
  }

  wire(): Record<DeviceRole, HeartbeatDevice> {
    const one = (entry: RoleHistory): HeartbeatDevice => ({ state: entry.state, lastError: entry.lastError, since: new Date(entry.sinceMs).toISOString() });
    return { fingerprint: one(this.#roles.fingerprint), cardReader: one(this.#roles.cardReader), printer: one(this.#roles.printer) };
  }
}
