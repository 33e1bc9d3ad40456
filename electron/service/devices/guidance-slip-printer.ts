import { type GuidanceTopic, guidanceSlip } from '../../../drivers/printer/guidance-slip.ts';
import { PrinterError } from '../../../drivers/printer/printer-errors.ts';
import type { PrintGuidance } from '../session/session-ports.ts';
import type { ManagedPrinter } from './managed-printer.ts';

export interface GuidanceSlipSettings {
  readonly kioskId: string;
  readonly office: string;
}

/**
 * The session's "print these directions" (a guidance slip after a failure)
 * on the configured printer, laid out like the activation receipt. A missing
 * printer is a typed printer error, so the screen says the slip did not print.
 */
export function guidanceSlipPrinter(printer: () => ManagedPrinter | null, settings: GuidanceSlipSettings, now: () => number = Date.now): PrintGuidance {
  return async ({ topic, language, signal }: { topic: GuidanceTopic; language: 'es-CL' | 'en' | 'ht'; signal: AbortSignal }) => {
    const device = printer();
    if (device === null) throw new PrinterError('printer.unavailable', 'before', 'no receipt printer is configured');
    signal.throwIfAborted();
    await device.print(guidanceSlip({ topic, language, kioskId: settings.kioskId, office: settings.office, printedAt: new Date(now()) }));
  };
}

/** Whether a slip can be offered now: a printer is configured and its last known state is ready. */
export function guidancePrinterReady(printer: () => ManagedPrinter | null): () => boolean {
  return () => printer()?.state() === 'ready';
}
