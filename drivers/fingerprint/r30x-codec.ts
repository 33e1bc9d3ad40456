/**
 * The R30x / ZFM-20 / AS608 protocol codec: pure functions and one stateful
 * stream decoder, no I/O (hardware-protocols.md §1). The driver, the
 * in-process simulated driver and the byte-level simulator import from here.
 */
export * from './r30x-packet.ts';
export * from './r30x-stream-decoder.ts';
export * from './r30x-instructions.ts';
export * from './r30x-acks.ts';
export * from './r30x-confirmation-codes.ts';
export * from './r30x-data-transfer.ts';
export * from './r30x-image.ts';
