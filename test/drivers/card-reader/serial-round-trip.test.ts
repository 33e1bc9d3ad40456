/**
 * The full round trip through real transports: the byte-level simulator writes on a socat pty at a line speed,
 * the real SerialTransport opens the link, the SerialCardReader frames,
 * parses and pairs. Waits are bounded; nothing asserts how long they took.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardReadEvent } from '../../../drivers/card-reader/card-reader.ts';
import { CardReaderSimulator } from '../../../drivers/card-reader/card-reader-simulator.ts';
import { SerialCardReader } from '../../../drivers/card-reader/serial-card-reader.ts';
import { FRAMING_NAMES } from '../../../drivers/card-reader/simulated-card-output.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { renderMrz } from '../../../synthetic/citizens/index.ts';
import { TODAY, citizenWhere, population, withChar } from './fixtures.ts';
import { BOUND_MS, eventually, nextCard, nextState, quiet } from './reader-support.ts';

// Generous gaps: on a loaded machine a timer can fire late and split a burst;
// these bound that risk, they are not what is being tested.
const IDLE_GAP_MS = 400;
const FRAME_GAP_MS = 2000;
const PAIR_WINDOW_MS = 800;

const citizen = citizenWhere((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric');

describe('card reader simulator on a pty → SerialTransport → SerialCardReader', { timeout: 6 * BOUND_MS }, () => {
  let dir: string;
  let simulator: CardReaderSimulator | undefined;
  let reader: SerialCardReader | undefined;

  async function start(options: { baud?: number; framing?: keyof typeof FRAMING_NAMES } = {}) {
    const baud = options.baud ?? 115_200;
    const link = join(dir, 'card-reader');
    simulator = await CardReaderSimulator.start({ link, baud, population, framing: FRAMING_NAMES[options.framing ?? 'crlf'], seed: 'round-trip' });
    reader = new SerialCardReader({
      transport: new SerialTransport({ path: link, baudRate: baud }),
      today: () => TODAY,
      idleGapMs: IDLE_GAP_MS,
      rowGapMs: FRAME_GAP_MS,
      pairWindowMs: PAIR_WINDOW_MS,
    });
    await reader.open();
    return { simulator, reader, link };
  }

  /** Sends one control line and expects it to succeed; then the reader's next event. */
  async function present(line: string): Promise<CardReadEvent> {
    const card = nextCard(reader!);
    expect(await simulator!.handle(line)).toMatchObject({ ok: true });
    return card;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-card-'));
  });
  afterEach(async () => {
    await reader?.close();
    await simulator?.stop();
    reader = undefined;
    simulator = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['mrz', 'mrz', 'crlf'],
    ['qr', 'qr', 'lf'],
    ['both', 'mrz+qr', 'stx-etx'],
  ] as const)('reads a synthetic citizen presented as %s (read as %s, framing %s)', async (format, source, framing) => {
    await start({ framing });
    const event = await present(`insert ${citizen.run.formatted} ${format}`);
    expect(event).toMatchObject({
      ok: true,
      value: { run: citizen.run, serial: citizen.serial, birthDate: citizen.birthDate, expiryDate: citizen.expiryDate, source },
    });
    expect(event.scan.scans.map((s) => s.symbol)).toEqual(format === 'both' ? ['mrz', 'qr'] : [format]);
  });

  it('reads MRZ and QR sent back to back at 9600 baud, paced as a UART would send them', async () => {
    await start({ baud: 9600, framing: 'cr' });
    expect(await present(`insert ${citizen.run.number} both`)).toMatchObject({ ok: true, value: { source: 'mrz+qr' } });
  });

  it('corrects an OCR look-alike where the field says what it must be, and refuses a wrong check digit', async () => {
    await start();
    // Row 2 column 4 is a birth-date digit: an OCR letter there (`O` for 0, `S` for 5 …) is corrected (mrz-text.ts).
    const LETTER_FOR: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
    const c = citizenWhere((x) => x.scenario === 'ok' && renderMrz(x)[1][3]! in LETTER_FOR);
    const rows = renderMrz(c);
    const misread = withChar(rows, 1, 3, LETTER_FOR[rows[1][3]!]!);
    expect(await present(`raw ${misread.join('\\r\\n')}`)).toMatchObject({ ok: true, value: { run: c.run, birthDate: c.birthDate } });
    const wrongDigit = withChar(rows, 1, 6, String((Number(rows[1][6]) + 1) % 10));
    expect(await present(`raw ${wrongDigit.join('\\r\\n')}`)).toMatchObject({ ok: false, error: { code: 'card.check_digit', field: 'birthDate' } });
  });

  it('with simulated OCR noise reads the right person or refuses, never another', async () => {
    await start();
    for (const c of population.citizens.filter((x) => x.scenario === 'ok').slice(0, 4)) {
      const event = await present(`insert ${c.run.formatted} mrz ocr`);
      if (event.ok) expect(event.value.run).toEqual(c.run);
      else expect(event.error.retryable).toBe(true);
    }
  });

  it('turns garbage into typed errors and reads the next card', async () => {
    const { reader } = await start();
    const events: CardReadEvent[] = [];
    reader.onCard((event) => events.push(event));
    const first = nextCard(reader);
    expect(await simulator!.handle('garbage 120')).toMatchObject({ ok: true, bytes: 120 });
    await first;
    // Noise, then the line goes quiet: let the reader's gaps and pairing window run out before the card comes.
    await quiet(reader, FRAME_GAP_MS + PAIR_WINDOW_MS + 200);
    const read = await present(`insert ${citizen.run.formatted} qr`);
    expect(read).toMatchObject({ ok: true, value: { run: citizen.run } });
    const garbage = events.slice(0, -1);
    expect(garbage.length).toBeGreaterThan(0);
    for (const event of garbage) expect(event).toMatchObject({ ok: false, error: { retryable: true } });
  });

  it('goes not-connected on unplug, and after replug and reopen reads again', async () => {
    const { reader, link } = await start();
    const gone = nextState(reader, 'not-connected');
    expect(await simulator!.handle('unplug')).toEqual({ ok: true, command: 'unplug' });
    await gone;
    expect(existsSync(link)).toBe(false);
    expect(await simulator!.handle(`insert ${citizen.run.formatted}`)).toMatchObject({ ok: false, error: { code: 'sim.not_connected' } });
    expect(await simulator!.handle('replug')).toMatchObject({ ok: true, command: 'replug' });
    // What the device manager does: open again until the port is back.
    await eventually(() => reader.open());
    expect(reader.state()).toBe('ready');
    expect(await present(`insert ${citizen.run.formatted} mrz`)).toMatchObject({ ok: true, value: { run: citizen.run } });
  });

  it('answers control lines it cannot carry out with typed errors', async () => {
    const { simulator } = await start();
    expect(await simulator.handle('insert 1-9')).toMatchObject({ ok: false, error: { code: 'sim.unknown_run' } });
    expect(await simulator.handle('insert 15234871-1 sideways')).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await simulator.handle('garbage lots')).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await simulator.handle('raw')).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await simulator.handle('dance')).toMatchObject({ ok: false, command: null, error: { code: 'usage' } });
    expect(await simulator.handle('   ')).toBeNull();
  });
});
