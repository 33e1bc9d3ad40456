/**
 * kioskctl's card commands, run the way a technician runs them: as a
 * process (`node electron/service/cli/kioskctl.ts …`), JSON on stdout,
 * `{ error: { code, message } }` on stderr, exit codes. Every wait is bounded.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialCardReader } from '../../../drivers/card-reader/serial-card-reader.ts';
import { SerialTransport } from '../../../drivers/transport/serial-transport.ts';
import { generatePopulation, renderMrz, renderQrUrl } from '../../../synthetic/citizens/index.ts';
import { nextCard } from '../../drivers/card-reader/reader-support.ts';

const REPO_ROOT = join(import.meta.dirname, '../../..');
const KIOSKCTL = join(REPO_ROOT, 'electron/service/cli/kioskctl.ts');
const BOUND_MS = 20_000;

const REFERENCE_MRZ = ['INCHL6012345670D31<<<<<<<<<<<<', '8503127F3103120CHL15234871<1<3', 'SOTO<VALENZUELA<<CAMILA<FERNAN'];
const population = generatePopulation();
const TODAY = population.referenceDate;
const citizen = population.citizens.find((c) => c.scenario === 'ok' && c.serialSeries === 'alphanumeric')!;

function kioskctl(args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [KIOSKCTL, ...args], { cwd: REPO_ROOT, stdio: 'pipe' });
}

async function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = kioskctl(args);
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exited(child);
  return { code, stdout, stderr };
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kioskctl did not exit within ${BOUND_MS} ms`));
    }, BOUND_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('kioskctl card parse', { timeout: 3 * BOUND_MS }, () => {
  const specimen = {
    documentType: 'CEDULA',
    run: { number: 15234871, checkDigit: '1', formatted: '15.234.871-1' },
    serial: '601234567',
    surnames: 'SOTO VALENZUELA',
    givenNames: 'CAMILA FERNAN',
    birthDate: '1985-03-12',
    expiryDate: '2031-03-12',
    sex: 'F',
    nationality: 'CHL',
    source: 'mrz',
  };

  it('prints the CardRead of the reference MRZ, given as three arguments or as one with CRLF', async () => {
    for (const args of [[...REFERENCE_MRZ], [REFERENCE_MRZ.join('\r\n')]]) {
      const result = await run(['card', 'parse', ...args, '--today', '2026-01-01']);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(result.stdout)).toEqual(specimen);
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
    for (const args of [['card', 'parse'], ['card', 'parse', 'X', '--today', '2026-02-30'], ['card', 'parse', 'X', '--today', '2026-13-01'], ['card', 'parse', 'X', '--when', 'now']]) {
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
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts the simulator and returns a reader of its stdout lines, one JSON value each. */
  async function simulate(extra: readonly string[] = []) {
    child = kioskctl(['simulate', 'card', '--link', link, '--baud', '115200', ...extra]);
    const lines: unknown[] = [];
    const waiting: ((line: unknown) => void)[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const value: unknown = JSON.parse(line);
      const waiter = waiting.shift();
      if (waiter) waiter(value);
      else lines.push(value);
    });
    const next = (): Promise<unknown> =>
      lines.length > 0
        ? Promise.resolve(lines.shift())
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no line from the simulator within ${BOUND_MS} ms`)), BOUND_MS);
            waiting.push((value) => {
              clearTimeout(timer);
              resolve(value);
            });
          });
    expect(await next()).toEqual({ event: 'ready', link, baud: 115200, framing: 'crlf' });
    return { child, next, send: (line: string) => child!.stdin.write(`${line}\n`) };
  }

  it('creates the link, answers each control line, feeds a serial reader on the link, and removes the link at end of input', async () => {
    const sim = await simulate();
    expect(existsSync(link)).toBe(true);
    reader = new SerialCardReader({ transport: new SerialTransport({ path: link, baudRate: 115200 }), today: () => TODAY, idleGapMs: 400, rowGapMs: 2000, pairWindowMs: 800 });
    await reader.open();

    const card = nextCard(reader);
    sim.send(`insert ${citizen.run.formatted} both`);
    expect(await sim.next()).toEqual({ ok: true, command: 'insert', bytes: expect.any(Number), run: citizen.run.formatted.replace(/\d{3}-/, '***-'), format: 'both', noise: 'none' });
    expect(await card).toMatchObject({ ok: true, value: { run: citizen.run, source: 'mrz+qr' } });

    sim.send('');
    sim.send('dance');
    expect(await sim.next()).toMatchObject({ ok: false, error: { code: 'usage' } });
    sim.send('insert 1-9');
    expect(await sim.next()).toMatchObject({ ok: false, error: { code: 'sim.unknown_run' } });

    sim.child.stdin.end();
    expect(await sim.next()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('unplugs and replugs on command', async () => {
    const sim = await simulate();
    sim.send('unplug');
    expect(await sim.next()).toEqual({ ok: true, command: 'unplug' });
    expect(existsSync(link)).toBe(false);
    sim.send(`insert ${citizen.run.number}`);
    expect(await sim.next()).toMatchObject({ ok: false, error: { code: 'sim.not_connected' } });
    sim.send('replug');
    expect(await sim.next()).toEqual({ ok: true, command: 'replug', link });
    expect(existsSync(link)).toBe(true);
    sim.send('quit');
    expect(await sim.next()).toEqual({ ok: true, command: 'quit' });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits cleanly on %s and removes the link', async (signal) => {
    const sim = await simulate();
    sim.child.kill(signal);
    expect(await sim.next()).toEqual({ event: 'stopped', link });
    expect(await exited(sim.child)).toBe(0);
    expect(existsSync(link)).toBe(false);
  });

  it('exits 2 without --link, or with a baud rate out of range', async () => {
    for (const args of [['simulate', 'card'], ['simulate', 'card', '--link', join(dir, 'x'), '--baud', '12']]) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'usage' } });
    }
  });
});
