/**
 * Storing a technician PIN: the one operation behind `kioskctl technician
 * set-pin` (first provisioning, or a forgotten PIN replaced on the console)
 * and technician mode's "change PIN" (after the PIN in use was checked).
 * There is no third way: the touch screen never chooses the first PIN, so
 * an unprovisioned kiosk cannot be claimed by whoever touches it first.
 *
 * The new PIN is checked against the rules, hashed (pin-hash.ts) and written
 * with its audit record in one transaction. The wrong-PIN count and the lock
 * (pin-guard.ts) are not touched: a new PIN does not lift a running lock.
 */
import { type TechnicianPinProblem, technicianPinProblem } from '../../contract/index.ts';
import { KioskConfigStore } from '../config/kiosk-config.ts';
import type { KioskDatabase } from '../db/database.ts';
import { hashPin } from './pin-hash.ts';
import { recordWith, type TechnicianChannel, technicianRecord } from './technician-audit.ts';

export type NewPinProblem = TechnicianPinProblem | 'technician.pin_mismatch';

/** Why a new PIN and its confirmation are refused, or null. */
export function newPinProblem(pin: string, confirmation: string): NewPinProblem | null {
  return technicianPinProblem(pin) ?? (pin === confirmation ? null : 'technician.pin_mismatch');
}

export interface StorePinOptions {
  readonly db: KioskDatabase;
  readonly dataDir: string;
  readonly pin: string;
  readonly confirmation: string;
  readonly at: Date;
  readonly via: TechnicianChannel;
  /** The kiosk the audit record names. */
  readonly kioskId: string;
}

export type StorePinResult = { readonly ok: true; readonly replaced: boolean } | { readonly ok: false; readonly problem: NewPinProblem };

/** Whether the kiosk has a technician PIN (a document that does not load has none that opens anything). */
export function hasTechnicianPin(db: KioskDatabase, dataDir: string): boolean {
  try {
    return new KioskConfigStore(db, { dataDir }).load()?.technicianPinHash !== undefined;
  } catch {
    return false;
  }
}

export async function storeTechnicianPin(options: StorePinOptions): Promise<StorePinResult> {
  const problem = newPinProblem(options.pin, options.confirmation);
  if (problem !== null) return { ok: false, problem };
  const hashed = await hashPin(options.pin);
  const replaced = hasTechnicianPin(options.db, options.dataDir);
  const record = await technicianRecord(
    replaced ? 'technician.pin_changed' : 'technician.pin_set',
    { pinHash: '[set]' },
    options.kioskId,
    options.at,
    options.via,
  );
  const store = new KioskConfigStore(options.db, { dataDir: options.dataDir });
  recordWith(options.db, record, () => store.update({ technicianPinHash: hashed }, options.at));
  return { ok: true, replaced };
}
