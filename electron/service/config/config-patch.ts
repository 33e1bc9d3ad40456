/**
 * Changes to the stored configuration, as technician tools send them: a JSON
 * Merge Patch (RFC 7396) over the current document. Objects merge member by
 * member, `null` removes a member (an optional setting is unset, a defaulted
 * one returns to its default), anything else replaces. A device assignment is
 * one value, replaced whole, and may be written in the technician's compact
 * form (`tcp:192.0.2.10:9100`).
 */
import { DEVICE_ROLES, type DeviceRole } from '../../contract/index.ts';
import { type DeviceAssignment, parseDeviceAssignment } from './device-config.ts';
import { DEFAULT_SERVICE_CONFIG, issueField, type ServiceConfig, ServiceConfigSchema } from './service-config.ts';

/** Fields that belong to one run and come only from the environment: never stored, never patched. */
export const RUN_ONLY_FIELDS = ['dataDir', 'centralRegistrationToken'] as const;
export const RUN_ONLY_REASON: Readonly<Record<(typeof RUN_ONLY_FIELDS)[number], string>> = {
  dataDir: 'is not stored; it comes from KIOSK_DATA_DIR',
  centralRegistrationToken: 'is not stored; it comes from KIOSK_CENTRAL_TOKEN',
};

/** The stored document: the configuration without its run-only fields. */
export type StoredConfig = Omit<ServiceConfig, (typeof RUN_ONLY_FIELDS)[number]>;

type Patch<T> = { readonly [K in keyof T]?: T[K] | null };
type Grouped = 'devices' | 'stepTimeouts' | 'attemptLimits' | 'outbox';
export type ConfigPatch = Patch<Omit<StoredConfig, Grouped>> & {
  readonly devices?: { readonly [R in DeviceRole]?: DeviceAssignment | string } | null;
  readonly stepTimeouts?: Patch<StoredConfig['stepTimeouts']> | null;
  readonly attemptLimits?: Patch<StoredConfig['attemptLimits']> | null;
  readonly outbox?: Patch<StoredConfig['outbox']> | null;
};

export type ConfigPatchResult = { ok: true; config: ServiceConfig } | { ok: false; field: string; reason: string };

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` with `patch` merged in and validated; `base` defaults to the development configuration. */
export function validateConfigPatch(patch: unknown, base: ServiceConfig = DEFAULT_SERVICE_CONFIG): ConfigPatchResult {
  if (!isJsonObject(patch)) return { ok: false, field: '(document)', reason: 'a patch must be a JSON object' };
  for (const field of RUN_ONLY_FIELDS) {
    if (Object.hasOwn(patch, field)) return { ok: false, field, reason: RUN_ONLY_REASON[field] };
  }
  let devices: unknown = patch.devices;
  if (isJsonObject(devices)) {
    const normalized: [string, unknown][] = [];
    for (const [role, value] of Object.entries(devices)) {
      if (typeof value === 'string' && (DEVICE_ROLES as readonly string[]).includes(role)) {
        const parsed = parseDeviceAssignment(role as DeviceRole, value);
        if (!parsed.ok) return { ok: false, field: `devices.${role}`, reason: parsed.reason };
        normalized.push([role, parsed.value]);
      } else normalized.push([role, value]);
    }
    devices = Object.fromEntries(normalized);
  }
  const merged = mergePatch(base, { ...patch, ...(devices !== undefined && { devices }) }, []);
  const parsed = ServiceConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issueField(issue), reason: issue?.message ?? 'invalid' };
  }
  return { ok: true, config: parsed.data };
}

/** A device assignment is one value: merging `simulated` into a `tcp` assignment must not keep its host. */
function replacedWhole(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'devices';
}

/**
 * RFC 7396 §2. Built with Object.fromEntries, so a `__proto__` member from
 * JSON.parse stays an ordinary (and, for the strict schema, unknown) key
 * rather than reaching an object's prototype.
 */
function mergePatch(target: unknown, patch: unknown, path: readonly string[]): unknown {
  if (!isJsonObject(patch) || replacedWhole(path)) return patch;
  const base = isJsonObject(target) ? target : {};
  const members = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) members.delete(key);
    else members.set(key, mergePatch(Object.hasOwn(base, key) ? base[key] : undefined, value, [...path, key]));
  }
  return Object.fromEntries(members);
}
