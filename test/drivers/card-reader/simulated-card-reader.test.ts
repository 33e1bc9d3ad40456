import { describe, expect, it } from 'vitest';
import { SimulatedCardReader } from '../../../drivers/card-reader/simulated-card-reader.ts';
import { cardReaderText, ocrNoise } from '../../../drivers/card-reader/simulated-card-output.ts';
import { createPrng, renderMrz } from '../../../synthetic/citizens/index.ts';
import { TODAY, citizenWhere, population, readable } from './fixtures.ts';
import { ManualClock, record } from './reader-support.ts';

const IDLE = 80;
const WINDOW = 600;

async function setup() {
  const clock = new ManualClock();
  const reader = new SimulatedCardReader({ population, today: () => TODAY, schedule: clock.schedule, idleGapMs: IDLE, pairWindowMs: WINDOW });
  const recorded = record(reader);
  await reader.open();
  /** Lets the idle gap and the pairing window pass. */
  const settle = (): void => clock.advance(IDLE + WINDOW);
  return { clock, reader, settle, ...recorded };
}

const citizen = citizenWhere((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric');

describe('SimulatedCardReader', () => {
  it.each([
    ['mrz', 'mrz'],
    ['qr', 'qr'],
    ['both', 'mrz+qr'],
  ] as const)('inserts a synthetic card as %s and reads it back through the serial reader', async (format, source) => {
    const { reader, settle, cards } = await setup();
    expect(reader.insertCard({ run: citizen.run.formatted, format })).toMatchObject({ ok: true });
    settle();
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ ok: true, value: { run: citizen.run, serial: citizen.serial, source }, scan: { reader: 'simulated' } });
  });

  it('finds the citizen by RUN with or without dots and check digit', async () => {
    const { reader, settle, cards } = await setup();
    for (const run of [citizen.run.formatted, `${citizen.run.number}-${citizen.run.checkDigit}`, citizen.run.number, String(citizen.run.number)]) {
      expect(reader.insertCard({ run })).toMatchObject({ ok: true });
      settle();
    }
    expect(cards.every((e) => e.ok && e.value.run.number === citizen.run.number)).toBe(true);
  });

  it('refuses an unknown RUN and an insert while unplugged, with typed codes', async () => {
    const { reader } = await setup();
    expect(reader.insertCard({ run: '1-9' })).toMatchObject({ ok: false, code: 'sim.unknown_run' });
    reader.unplug();
    expect(reader.insertCard({ run: citizen.run.number })).toMatchObject({ ok: false, code: 'sim.not_connected' });
  });

  it('reports failure paths the way a real reader would: an expired card, raw garbage', async () => {
    const expired = population.citizens.find((c) => c.flags.cardExpired)!;
    const { reader, settle, cards } = await setup();
    reader.insertCard({ run: expired.run.number, format: 'both' });
    settle();
    reader.insertRaw('\x02HELLO\r\n\x03');
    settle();
    expect(cards.map((e) => !e.ok && e.error.code)).toEqual(['card.expired', 'card.unreadable']);
  });

  it('with OCR noise either corrects the misread or refuses it; it never reads another person', async () => {
    const { reader, settle, cards } = await setup();
    const sample = readable.slice(0, 150);
    for (const c of sample) {
      reader.insertCard({ run: c.run.number, noise: 'ocr' });
      settle();
    }
    expect(cards).toHaveLength(sample.length);
    cards.forEach((event, i) => {
      if (event.ok) expect(event.value.run).toEqual(sample[i]!.run);
      else expect(event.error.retryable).toBe(true);
    });
    expect(cards.filter((e) => e.ok).length).toBeGreaterThan(0);
    expect(cards.filter((e) => !e.ok).length).toBeGreaterThan(0);
  });

  it('goes not-connected on unplug and, once replugged, reopens by itself and reads again', async () => {
    const { reader, settle, cards, states } = await setup();
    reader.unplug();
    expect(reader.state()).toBe('not-connected');
    await reader.replug();
    expect(reader.state()).toBe('ready');
    reader.insertCard({ run: citizen.run.number });
    settle();
    expect(cards).toHaveLength(1);
    expect(states).toEqual(['ready', 'not-connected', 'ready']);
  });

  it('stays closed on replug after close, and open fails while unplugged', async () => {
    const { reader } = await setup();
    await reader.close();
    await reader.replug();
    expect(reader.state()).toBe('not-connected');
    reader.unplug();
    await expect(reader.open()).rejects.toMatchObject({ code: 'transport.open_failed' });
    expect(reader.state()).toBe('not-connected');
  });
});

describe('what the simulation sends', () => {
  it('frames each row with the line ending, QR after MRZ, optionally in STX/ETX', () => {
    const [r1, r2, r3] = renderMrz(citizen);
    expect(cardReaderText(citizen, { format: 'mrz', framing: { lineEnding: '\r', stxEtx: true } })).toBe(`\x02${r1}\r${r2}\r${r3}\r\x03`);
    expect(cardReaderText(citizen, { format: 'both' }).split('\r\n')).toHaveLength(5);
  });

  it('OCR noise swaps one to three characters for their OCR-B look-alike, repeatably', () => {
    const rows = renderMrz(citizen);
    const noisy = ocrNoise(rows, createPrng('seed'));
    expect(ocrNoise(rows, createPrng('seed'))).toEqual(noisy);
    const changed = [...noisy.join('')].filter((char, i) => char !== rows.join('')[i]);
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed.length).toBeLessThanOrEqual(3);
  });
});
