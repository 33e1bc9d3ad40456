import {
  DEVICE_ROLES,
  DEVICE_STATE_MESSAGE_KEYS,
  type DeviceRole,
  type DeviceState,
  type DeviceStatusReport,
  type RoleStatus,
} from '../../contract/index.ts';

/**
 * What the service knows about the device in each role. The driver issues
 * register drivers here; until then every role reports `not-configured`,
 * which is the truth, and the citizen screen can say so.
 */
export interface RoleDevice {
  readonly driver: string;
  state(): DeviceState;
}

export class DeviceRegistry {
  readonly #devices = new Map<DeviceRole, RoleDevice>();
  readonly #simulated: boolean;

  constructor(simulated: boolean) {
    this.#simulated = simulated;
  }

  assign(role: DeviceRole, device: RoleDevice): void {
    this.#devices.set(role, device);
  }

  simulatedDevices(): { role: DeviceRole; driver: string }[] {
    if (!this.#simulated) return [];
    return [...this.#devices].map(([role, device]) => ({ role, driver: device.driver }));
  }

  status(now: Date): DeviceStatusReport {
    const roleStatus = (role: DeviceRole): RoleStatus => {
      const device = this.#devices.get(role);
      const state: DeviceState = device ? device.state() : 'not-configured';
      return { state, driver: device?.driver ?? null, messageKey: DEVICE_STATE_MESSAGE_KEYS[state] };
    };
    const [fingerprint, cardReader, printer] = DEVICE_ROLES.map(roleStatus) as [RoleStatus, RoleStatus, RoleStatus];
    return { roles: { fingerprint, cardReader, printer }, simulated: this.#simulated, checkedAt: now.toISOString() };
  }
}
