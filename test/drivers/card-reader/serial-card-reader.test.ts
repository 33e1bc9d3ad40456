import { describe, expect, it } from 'vitest';
import { SerialCardReader, type SerialCardReaderOptions } from '../../../drivers/card-reader/serial-card-reader.ts';
import { TransportError } from '../../../drivers/transport/byte-transport.ts';
import { renderMrz } from '../../../synthetic/citizens/index.ts';
import { TODAY, citizenWhere, population, qrOf } from './fixtures.ts';
import { FakeTransport, ManualClock, record } from './reader-support.ts';

const IDLE = 80;
const ROW_GAP = 500;
const WINDOW = 600;

function setup(options: Partial<SerialCardReaderOptions> = {}) {
  const transport = new FakeTransport();
  const clock = new ManualClock();
  const reader = new SerialCardReader({
    transport,
    schedule: clock.schedule,
    today: () => TODAY,
    idleGapMs: IDLE,
    rowGapMs: ROW_GAP,
    pairWindowMs: WINDOW,
    ...options,
  });
  return { transport, clock, reader, ...record(reader) };
}

const citizen = citizenWhere((c) => c.scenario === 'ok' && c.serialSeries === 'numeric');
const rows = renderMrz(citizen);

describe('SerialCardReader', () => {
  it('is not-connected until opened, then ready, and reports a card once the line goes quiet', async () => {
    const { transport, clock, reader, cards, states } = setup({ pairWindowMs: 0 });
    expect(reader.state()).toBe('not-connected');
    await reader.open();
    expect(states).toEqual(['ready']);
    const text = rows.map((r) => `${r}\r\n`).join('');
    transport.send(text.slice(0, 40));
    transport.send(text.slice(40));
    clock.advance(IDLE - 1);
    expect(cards).toEqual([]);
    clock.advance(1);
    expect(cards).toEqual([
      {
        ok: true,
        value: expect.objectContaining({ run: citizen.run, source: 'mrz' }),
        scan: { reader: 'serial', scans: [{ symbol: 'mrz', aim: null, length: 92 }] },
      },
    ]);
  });

  it('waits longer between MRZ rows than between bursts, as long as fewer than three rows have come', async () => {
    const { transport, clock, reader, cards } = setup({ pairWindowMs: 0 });
    await reader.open();
    transport.send(`${rows[0]}\r${rows[1]}\r`);
    clock.advance(ROW_GAP - 1);
    transport.send(`${rows[2]}\r`);
    clock.advance(IDLE);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ ok: true, value: { run: citizen.run } });
  });

  it('does not cut an STX…ETX frame on a pause shorter than the frame gap', async () => {
    const { transport, clock, reader, cards } = setup({ pairWindowMs: 0 });
    await reader.open();
    transport.send(`\x02${rows[0]}\r`);
    clock.advance(ROW_GAP - 1);
    transport.send(`${rows[1]}\r${rows[2]}\r`);
    clock.advance(ROW_GAP - 1);
    expect(cards).toEqual([]);
    transport.send('\x03');
    expect(cards).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('pairs the MRZ and QR of one presentation and reports the cross-checked read', async () => {
    const { transport, clock, reader, cards } = setup();
    await reader.open();
    transport.send(`\x02${rows.join('\r')}\r\x03`);
    clock.advance(WINDOW / 2);
    expect(cards).toEqual([]);
    transport.send(`\x02${qrOf(citizen)}\r\x03`);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ ok: true, value: { source: 'mrz+qr', run: citizen.run }, scan: { scans: [{ symbol: 'mrz' }, { symbol: 'qr' }] } });
  });

  it('judges expiry against the injected day', async () => {
    const expired = population.citizens.find((c) => c.flags.cardExpired)!;
    const { transport, clock, reader, cards } = setup({ pairWindowMs: 0 });
    await reader.open();
    transport.send(`${qrOf(expired)}\r\n`);
    clock.advance(IDLE);
    expect(cards[0]).toMatchObject({ ok: false, error: { code: 'card.expired', messageKey: 'errors.cardExpired' } });
  });

  it('turns garbage and an over-long stream into typed errors and then reads the next card', async () => {
    const { transport, clock, reader, cards } = setup({ pairWindowMs: 0, maxScanBytes: 300 });
    await reader.open();
    transport.send(Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) % 256));
    clock.advance(IDLE);
    transport.send('X'.repeat(1000));
    clock.advance(IDLE);
    expect(cards.length).toBeGreaterThan(0);
    for (const event of cards) expect(event).toMatchObject({ ok: false, error: { code: 'card.unreadable' } });
    expect(cards.at(-1)).toMatchObject({ error: { detail: 'scan longer than any card carries' }, scan: { scans: [{ length: 301 }] } });
    cards.length = 0;
    transport.send(`${rows.join('\n')}\n`);
    clock.advance(IDLE);
    expect(cards).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('goes not-connected on unplug, drops the half-received scan, and reads again once reopened', async () => {
    const { transport, clock, reader, cards, states } = setup({ pairWindowMs: 0 });
    await reader.open();
    transport.send(`${rows[0]}\r\n`);
    transport.drop('disconnected');
    expect(reader.state()).toBe('not-connected');
    expect(transport.listenerCount).toBe(0);
    clock.advance(ROW_GAP * 2);
    expect(cards).toEqual([]);
    await reader.open();
    transport.send(`${rows.join('\r\n')}\r\n`);
    clock.advance(IDLE);
    expect(cards).toEqual([expect.objectContaining({ ok: true })]);
    expect(states).toEqual(['ready', 'not-connected', 'ready']);
  });

  it('still reports a complete scan that was waiting for its pair when the device goes away', async () => {
    const { transport, clock, reader, cards } = setup();
    await reader.open();
    transport.send(`${qrOf(citizen)}\x03`);
    transport.drop('disconnected');
    expect(cards).toEqual([expect.objectContaining({ ok: true, value: expect.objectContaining({ source: 'qr' }) })]);
    expect(clock.pending).toBe(0);
  });

  it('needs attention after an I/O error, or when the port refuses us; is not-connected when the port is absent', async () => {
    const failed = setup();
    await failed.reader.open();
    failed.transport.drop('error');
    expect(failed.reader.state()).toBe('needs-attention');

    const denied = setup();
    denied.transport.openError = new TransportError('transport.open_failed', 'denied', { cause: { code: 'EACCES' } });
    await expect(denied.reader.open()).rejects.toMatchObject({ code: 'transport.open_failed' });
    expect(denied.reader.state()).toBe('needs-attention');
    expect(denied.transport.listenerCount).toBe(0);

    const absent = setup();
    absent.transport.openError = new TransportError('transport.open_failed', 'absent', { cause: { code: 'ENOENT' } });
    await expect(absent.reader.open()).rejects.toBeInstanceOf(TransportError);
    expect(absent.reader.state()).toBe('not-connected');
  });

  it('reports nothing after close, not even a scan that was waiting, and leaves no listeners or timers', async () => {
    const { transport, clock, reader, cards, states } = setup();
    await reader.open();
    transport.send(`${qrOf(citizen)}\x03${rows[0]}\r\n`);
    await reader.close();
    clock.advance(WINDOW * 2);
    expect(cards).toEqual([]);
    expect(clock.pending).toBe(0);
    expect(transport.listenerCount).toBe(0);
    expect(states).toEqual(['ready', 'not-connected']);
  });

  it('opening twice subscribes once', async () => {
    const { transport, clock, reader, cards } = setup({ pairWindowMs: 0 });
    await reader.open();
    await reader.open();
    transport.send(`${qrOf(citizen)}\r\n`);
    clock.advance(IDLE);
    expect(cards).toHaveLength(1);
  });
});
