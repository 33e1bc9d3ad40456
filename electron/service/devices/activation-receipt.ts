import { activationReceipt } from '../../../drivers/printer/receipt-layout.ts';
import { PrinterError } from '../../../drivers/printer/printer-errors.ts';
import { unlockProcedureSlip } from '../../../drivers/printer/unlock-slip.ts';
import type { PrintReceipt, PrintUnlockSlip } from '../session/session-ports.ts';
import type { ManagedPrinter } from './managed-printer.ts';

export interface ActivationReceiptSettings {
  readonly kioskId: string;
  readonly office: string;
  readonly timeZone: string;
  /** Where the citizen activates (printed, and in the receipt's QR). */
  readonly activationUrl: string;
}

/**
 * The session's "print the activation receipt" on the configured printer.
 * A missing printer is a typed printer error like any other, so the session
 * shows the code on screen instead.
 */
export function activationReceiptPrinter(
  printer: () => ManagedPrinter | null,
  settings: ActivationReceiptSettings,
  now: () => number = Date.now,
): PrintReceipt {
  return async ({ code, expiresAtMs, runMasked, language, reference, signal }) => {
    const device = printer();
    if (device === null) throw new PrinterError('printer.unavailable', 'before', 'no receipt printer is configured');
    signal.throwIfAborted();
    const layout = activationReceipt({
      activationCode: code,
      expiresAt: new Date(expiresAtMs),
      runMasked,
      activationUrl: settings.activationUrl,
      kioskId: settings.kioskId,
      office: settings.office,
      transactionRef: reference,
      printedAt: new Date(now()),
      language,
      timeZone: settings.timeZone,
    });
    await device.print(layout);
  };
}

/** The lockout screen's "print the procedure": the same printer, the same typed errors. */
export function unlockSlipPrinter(printer: () => ManagedPrinter | null, settings: Omit<ActivationReceiptSettings, 'activationUrl'>): PrintUnlockSlip {
  return async ({ language, liftsAtMs, signal }) => {
    const device = printer();
    if (device === null) throw new PrinterError('printer.unavailable', 'before', 'no receipt printer is configured');
    signal.throwIfAborted();
    const layout = unlockProcedureSlip({
      language,
      liftsAt: liftsAtMs === null ? null : new Date(liftsAtMs),
      timeZone: settings.timeZone,
      kioskId: settings.kioskId,
      office: settings.office,
    });
    await device.print(layout);
  };
}
