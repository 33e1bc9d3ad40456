/**
 * The kiosk configuration as a technician reads and writes it on the command
 * line. Pure: no files, no database.
 *
 * - Shown: device assignments in their compact form (`tcp:192.0.2.10:9100`,
 *   what `config set` takes back), the technician PIN hash as "[set]" (never
 *   its value), and neither run-only field (the data directory is printed
 *   beside the configuration; the registration token is never stored).
 * - Written: `FIELD VALUE` pairs, a dotted FIELD (`stepTimeouts.cardSeconds`)
 *   and a VALUE read as JSON when it parses as JSON and as text otherwise,
 *   become a JSON Merge Patch (config-patch.ts): `null` unsets a field.
 */
import { DEVICE_ROLES, type DeviceRole } from '../../contract/index.ts';
import { formatDeviceAssignment, parseDeviceAssignment } from '../config/device-config.ts';
import { isJsonObject } from '../config/config-patch.ts';
import type { ServiceConfig } from '../config/service-config.ts';

/** What a stored secret is shown as. */
export const SET_MARK = '[set]';
/** Stored fields whose value is never printed (an Argon2id hash is still an offline guessing target for a 4–8 digit PIN). */
export const SECRET_FIELDS: readonly string[] = ['technicianPinHash'];

export type ConfigView = Record<string, unknown>;

export function viewConfig(config: ServiceConfig): ConfigView {
  const { dataDir: _shownApart, centralRegistrationToken: _neverStored, devices, ...rest } = config;
  const view: ConfigView = { ...rest, devices: Object.fromEntries(DEVICE_ROLES.map((role) => [role, formatDeviceAssignment(devices[role])])) };
  for (const field of SECRET_FIELDS) {
    if (view[field] !== undefined) view[field] = SET_MARK;
  }
  return view;
}

/** The value at `path`, or `found: false`. */
export function valueAt(view: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let here: unknown = view;
  for (const segment of path) {
    if (!isJsonObject(here) || !Object.hasOwn(here, segment)) return { found: false, value: undefined };
    here = here[segment];
  }
  return { found: true, value: here };
}

/**
 * A command-line value: JSON when it parses (`120`, `true`, `null`,
 * `["es-CL","en"]`, `"0042"`), text otherwise (`civil-digital`,
 * `https://central.example`, `tcp:192.0.2.10:9100`). Where the field holds a
 * list, a comma-separated text is taken as the list (`es-CL,en`).
 */
export function parseCliValue(raw: string, current: unknown): unknown {
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    if (Array.isArray(current))
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
  }
  return parsed;
}

/** Merge-patch members for each (path, value), nested as the paths say. */
export function buildPatch(assignments: readonly { path: readonly string[]; value: unknown }[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, value } of assignments) {
    let here = patch;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        here[segment] = value;
        return;
      }
      if (!isJsonObject(here[segment])) here[segment] = {};
      here = here[segment] as Record<string, unknown>;
    });
  }
  return patch;
}

export type DocumentFromView = { ok: true; document: Record<string, unknown>; placeholders: string[] } | { ok: false; field: string; reason: string };

/**
 * A configuration document as a technician edits it (the `config` member of
 * `config get`, or the stored form) back to the stored form: compact device
 * assignments parsed, "[set]" placeholders of secrets dropped (their value
 * is not in the file; they are reported in `placeholders`).
 */
export function documentFromView(view: Record<string, unknown>): DocumentFromView {
  const document: Record<string, unknown> = { ...view };
  const placeholders: string[] = [];
  for (const field of SECRET_FIELDS) {
    if (document[field] === SET_MARK) {
      delete document[field];
      placeholders.push(field);
    }
  }
  if (isJsonObject(document.devices)) {
    const devices: Record<string, unknown> = { ...document.devices };
    for (const [role, value] of Object.entries(devices)) {
      if (typeof value !== 'string' || !(DEVICE_ROLES as readonly string[]).includes(role)) continue;
      const parsed = parseDeviceAssignment(role as DeviceRole, value);
      if (!parsed.ok) return { ok: false, field: `devices.${role}`, reason: parsed.reason };
      devices[role] = parsed.value;
    }
    document.devices = devices;
  }
  return { ok: true, document, placeholders };
}

/** Equality of two JSON values (for "unchanged" in `config set`). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isJsonObject(value))
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  return value;
}
