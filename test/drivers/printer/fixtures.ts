import type { ActivationReceiptInput } from '../../../drivers/printer/receipt-layout.ts';

/** Synthetic, obviously: 12.345.678-5 is the textbook RUN (reference §3.4); the code, kiosk and transaction are made up. */
export const SAMPLE: ActivationReceiptInput = {
  activationCode: 'K7QM2XHP9RTA',
  expiresAt: new Date('2025-11-28T15:30:00Z'),
  runMasked: '12.345.***-5',
  activationUrl: 'https://claveunica.example.cl/activar',
  kioskId: 'KSK-SIM-0001',
  office: 'Ñuñoa (sintética)',
  transactionRef: 'TX-SYN-000042',
  printedAt: new Date('2025-11-21T12:34:56Z'),
  language: 'es-CL',
};
