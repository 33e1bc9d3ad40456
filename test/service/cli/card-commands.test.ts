/**
 * kioskctl's card commands, run the way a technician runs them: as a
 * process (test/support/kioskctl.ts). Every wait is bounded.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialCardReader } from '../../../drivers/card-reader/serial-card-reader.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { renderMrz, renderQrUrl } from '../../../synthetic/citizens/index.ts';
import { REFERENCE_MRZ, REFERENCE_MRZ_READ, TODAY, population } from '../../drivers/card-reader/fixtures.ts';
import { nextCard } from '../../drivers/card-reader/reader-support.ts';
import { BOUND_MS, exited, interactive, killIfRunning, run } from '../../support/kioskctl.ts';

const citizen = population.citizens.find((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric')!;

describe('kioskctl card parse', { timeout: 3 * BOUND_MS }, () => {
  it('prints the CardRead of the reference MRZ, given as three arguments or as one with CRLF', async () => {
    for (const args of [[...REFERENCE_MRZ], [REFERENCE_MRZ.join('\r\n')]]) {
      const result = await run(['card', 'parse', ...args, '--today', '2026-01-01']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual(REFERENCE_MRZ_READ);
    }
  });

  it('prints the CardRead of a synthetic citizen’s QR', async () => {
    const result = await run(['card', 'parse', renderQrUrl(citizen), '--today', TODAY]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ source: 'qr', run: citizen.run, serial: citizen.serial, givenNames: expect.any(String) });
  });

  it('cross-checks an MRZ and a QR given together, and refuses the pair when they are two cards', async () => {
    const same = await run(['card', 'parse', ...renderMrz(citizen), renderQrUrl(citizen), '--today', TODAY]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ source: 'mrz+qr', run: citizen.run });
    const other = population.citizens.find((c) => c.scenario === 'ok' && c.run.number !== citizen.run.number)!;
    const mixed = await run(['card', 'parse', ...renderMrz(citizen), renderQrUrl(other), '--today', TODAY]);
    expect(mixed.code).toBe(1);
    expect(JSON.parse(mixed.stderr)).toMatchObject({ error: { code: 'card.mismatch' } });
  });

  it('exits 1 with the typed error for a wrong check digit and for an expired card', async () => {
    const rows = renderMrz(citizen);
    const wrong = [rows[0], `${rows[1].slice(0, 6)}${(Number(rows[1][6]) + 1) % 10}${rows[1].slice(7)}`, rows[2]];
    const checkDigit = await run(['card', 'parse', ...wrong, '--today', TODAY]);
    expect(checkDigit).toMatchObject({ code: 1, stdout: '' });
    expect(JSON.parse(checkDigit.stderr)).toEqual({ error: { code: 'card.check_digit', message: expect.stringContaining('errors.cardCheckDigit') } });

    const expired = await run(['card', 'parse', ...REFERENCE_MRZ, '--today', '2031-03-13']);
    expect(expired.code).toBe(1);
    expect(JSON.parse(expired.stderr)).toMatchObject({ error: { code: 'card.expired' } });
  });

  it('exits 2 with a usage error when there is nothing to parse or --today is not a date', async () => {
    for (const args of [
      ['card', 'parse'],
      ['card', 'parse', 'X', '--today', '2026-02-30'],
      ['card', 'parse', 'X', '--today', '2026-13-01'],
      ['card', 'parse', 'X', '--when', 'now'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage', message: expect.any(String) } });
    }
  });

  it('is listed by kioskctl help', async () => {
    const { stdout } = await run(['help']);
    const commands = (JSON.parse(stdout) as { commands: { command: string }[] }).commands.map((c) => c.command);
    expect(commands).toEqual(expect.arrayContaining([expect.stringMatching(/^kioskctl card parse /), expect.stringMatching(/^kioskctl simulate card /)]));
  });
});

describe('kioskctl simulate card', { timeout: 3 * BOUND_MS }, () => {
  let dir: string;
  let link: string;
  let child: ChildProcessWithoutNullStreams | undefined;
  let reader: SerialCardReader | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-cli-card-'));
    link = join(dir, 'card-reader');
  });
  afterEach(async () => {
    await reader?.close();
    reader = undefined;
    await killIfRunning(child);
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the simulator and waits for it to be ready. */
  async function simulate() {
    const sim = interactive(['simulate', 'card', '--link', link, '--baud', '115200']);
    child = sim.child;
    expect(await sim.read()).toEqual({ event: 'ready', link, baud: 115200, framing: 'crlf' });
    return sim;
  }

  it('creates the link, answers each control line, feeds a serial reader on the link, and removes the link at end of input', async () => {
    const sim = await simulate();
    expect(existsSync(link)).toBe(true);
    reader = new SerialCardReader({
      transport: new SerialTransport({ path: link, baudRate: 115200 }),
      today: () => TODAY,
      idleGapMs: 400,
      rowGapMs: 2000,
      pairWindowMs: 800,
    });
    await reader.open();

    const card = nextCard(reader);
    sim.send(`insert ${citizen.run.formatted} both`);
    expect(await sim.read()).toEqual({
      ok: true,
      command: 'insert',
      bytes: expect.any(Number),
      run: citizen.run.formatted.replace(/\d{3}-/, '***-'),
      format: 'both',
      noise: 'none',
    });
    expect(await card).toMatchObject({ ok: true, value: { run: citizen.run, source: 'mrz+qr' } });

    sim.send('');
    sim.send('dance');
    expect(await sim.read()).toMatchObject({ ok: false, error: { code: 'usage' } });
    sim.send('insert 1-9');
    expect(await sim.read()).toMatchObject({ ok: false, error: { code: 'sim.unknown_run' } });

    sim.child.stdin.end();
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('unplugs and replugs on command', async () => {
    const sim = await simulate();
    sim.send('unplug');
    expect(await sim.read()).toEqual({ ok: true, command: 'unplug' });
    expect(existsSync(link)).toBe(false);
    sim.send(`insert ${citizen.run.number}`);
    expect(await sim.read()).toMatchObject({ ok: false, error: { code: 'sim.not_connected' } });
    sim.send('replug');
    expect(await sim.read()).toEqual({ ok: true, command: 'replug', link });
    expect(existsSync(link)).toBe(true);
    sim.send('quit');
    expect(await sim.read()).toEqual({ ok: true, command: 'quit' });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits cleanly on %s and removes the link', async (signal) => {
    const sim = await simulate();
    sim.child.kill(signal);
    expect(await sim.read()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('exits 2 without --link, or with a baud rate out of range', async () => {
    for (const args of [
      ['simulate', 'card'],
      ['simulate', 'card', '--link', join(dir, 'x'), '--baud', '12'],
    ]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage' } });
    }
  });
});
