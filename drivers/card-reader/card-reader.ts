/**
 * The card reader as the kiosk service sees it, whatever carries the scans
 * (a serial MRZ/QR reader, a HID POS scanner, the in-process simulation).
 *
 * A reader reports each card once, as a CardParseResult plus a description of
 * the scans behind it that carries no card content (lengths, symbol kinds,
 * AIM identifiers), so an event can be logged or counted without breaking the
 * data-minimisation rule (ARCHITECTURE.md, Security and privacy rules).
 *
 * MRZ and QR of one card: both are on the back of 2013-series and newer
 * cards, and a 2D imager or a document reader may deliver both from one
 * presentation. How they are paired is documented in scan-pairing.ts.
 */
import type { CardParseResult } from './card-read.ts';

/** The subset of the contract's DeviceState a card reader can be in (electron/contract/devices.ts). */
export type CardReaderState = 'ready' | 'not-connected' | 'needs-attention';

export type ScanSymbol = 'mrz' | 'qr';

/** One scan as the reader delivered it, minus its characters. */
export interface ScanInfo {
  /** Classified the way parseCardText routes it: a URL is the QR, anything else the MRZ. */
  readonly symbol: ScanSymbol;
  /** AIM symbology identifier (`]Q1` QR, reference §2.1) when the reader sent one. */
  readonly aim: string | null;
  /** Characters after framing, to diagnose truncation at a glance. */
  readonly length: number;
}

export interface CardScanSource {
  /** The reader's driver id (`serial`, `hid-pos`, `simulated`). */
  readonly reader: string;
  /**
   * One scan, or two when an MRZ and a QR were paired and cross-checked;
   * none when the scan broke off before it could be read (a HID report error).
   */
  readonly scans: readonly ScanInfo[];
}

export type CardReadEvent = CardParseResult & { readonly scan: CardScanSource };

export interface CardReader {
  /** Driver id; with `state()` this satisfies the service's RoleDevice. */
  readonly driver: string;
  /** Rejects with the transport's typed error (TransportError) when the device cannot be opened; the state says why. */
  open(): Promise<void>;
  /** Stops reporting; a scan half-received or waiting for its pair is dropped. */
  close(): Promise<void>;
  state(): CardReaderState;
  /** Returns the unsubscribe. */
  onCard(listener: (event: CardReadEvent) => void): () => void;
  onStatus(listener: (state: CardReaderState) => void): () => void;
}

/** The kiosk's calendar day, for judging expiry (card-read.ts: CardParseOptions.today). */
export type Today = () => string;

/** The civil date in Chile (America/Santiago), where a card "valid through" its expiry day is judged. */
export function kioskToday(now: Date = new Date(), timeZone = 'America/Santiago'): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
