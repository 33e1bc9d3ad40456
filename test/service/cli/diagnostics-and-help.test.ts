/**
 * kioskctl diagnostics export (a bundle folder with nothing personal or
 * secret in it) and kioskctl help (every command, the exit codes), run as
 * processes on real SQLite files. The log lines are synthetic: a RUN, an
 * e-mail address and a mobile number planted to be scrubbed.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/service/cli/commands.ts';
import { BOUND_MS, cliError, json, kioskctl, removeTempDirs, tempDir } from './cli-support.ts';

const PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljc2FsdA$c3ludGhldGljaGFzaHN5bnRoZXRpY2hhc2g';
const PLANTED = ['12.345.678-5', 'maria.synthetic@example.cl', '+56 9 8765 4321'];

afterAll(removeTempDirs);

function bundleFiles(bundle: string): Record<string, string> {
  return Object.fromEntries(readdirSync(bundle).map((name) => [name, readFileSync(join(bundle, name), 'utf8')]));
}

describe('kioskctl diagnostics export', { timeout: 4 * BOUND_MS }, () => {
  it('writes configuration (no secrets), selftest, queue, versions and the redacted end of the service log', async () => {
    const dataDir = tempDir('kioskctl-diag-');
    expect((await kioskctl(['config', 'set', 'kioskId', 'cli-diag-kiosk', 'technicianPinHash', PIN_HASH, '--data-dir', dataDir])).code).toBe(0);
    mkdirSync(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'service.log.1'), `${JSON.stringify({ level: 'info', event: 'service.started' })}\n`);
    writeFileSync(join(dataDir, 'logs', 'service.log'), `${JSON.stringify({ level: 'warn', event: `leaked ${PLANTED.join(' and ')}` })}\n`);
    const usb = tempDir('kioskctl-usb-');

    const result = await kioskctl(['diagnostics', 'export', '--to', usb, '--data-dir', dataDir]);
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    const out = json(result.stdout) as { bundle: string; files: string[]; selftest: string };
    expect(out.bundle.startsWith(join(usb, 'kiosk-diagnostics-cli-diag-kiosk-'))).toBe(true);
    expect(out.files.sort()).toEqual(['config.json', 'manifest.json', 'queue.json', 'selftest.json', 'service-log.txt', 'versions.json']);
    // No central configured: the selftest fails, the export still succeeds.
    expect(out.selftest).toBe('fail');

    const files = bundleFiles(out.bundle);
    expect(JSON.parse(files['config.json']!)).toMatchObject({ stored: true, config: { kioskId: 'cli-diag-kiosk', technicianPinHash: '[set]' } });
    expect(JSON.parse(files['selftest.json']!).lines.map((line: { check: string }) => line.check)).toContain('central.reachable');
    expect(JSON.parse(files['queue.json']!)).toMatchObject({ pending: 1, dead: 0 });
    expect(JSON.parse(files['versions.json']!)).toMatchObject({
      app: { package: 'enrollment-kiosk', version: expect.any(String) },
      node: process.version,
      sqlite: expect.any(String),
      modules: { 'better-sqlite3': expect.any(String), 'node-hid': expect.any(String), serialport: expect.any(String) },
    });
    expect(files['service-log.txt']).toContain('service.started');
    expect(files['service-log.txt']).toContain('[redacted]');
    const everything = Object.values(files).join('\n');
    for (const planted of [...PLANTED, 'argon2id']) expect(everything).not.toContain(planted);
  });

  it('takes a bare RUN, a mobile without +56, names, an MRZ, a private key, a registration token and a password out of --log', async () => {
    const dataDir = tempDir('kioskctl-diag-');
    await kioskctl(['config', 'set', 'kioskId', 'cli-diag-kiosk', '--data-dir', dataDir]);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const registrationToken = randomBytes(32).toString('base64url');
    const lines = [
      JSON.stringify({ t: '2026-12-06T10:00:00.000Z', level: 'info', event: 'fingerprint.low_quality', durationMs: 1234, kioskId: 'cli-diag-kiosk' }),
      'lookup 182198033, again as 18.219.803-3 and 18219803-3',
      'sms to 912345678 and to 9 1234 5678',
      JSON.stringify({ level: 'warn', event: 'card.read', givenNames: ['Camila', 'Fernanda'], surnames: ['Sotomayor', 'Valenzuela'] }),
      'holder name=Camila Fernanda Sotomayor Valenzuela, reason=debug',
      'INCHL5123456781D31<<<<<<<<<<<<',
      '9809263F3110182CHL18219803<3<5',
      'SOTOMAYOR<VALENZUELA<<CAMILA<F',
      pem,
      `registering with ${registrationToken}`,
      'POST /v1/activations password=cordillera nevada al amanecer',
    ];
    const logFile = join(tempDir('kioskctl-log-'), 'service.log');
    writeFileSync(logFile, `${lines.join('\n')}\n`);
    const usb = tempDir('kioskctl-usb-');

    const result = await kioskctl(['diagnostics', 'export', '--to', usb, '--log', logFile, '--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    const log = bundleFiles((json(result.stdout) as { bundle: string }).bundle)['service-log.txt']!;
    expect(log).toContain('"event":"fingerprint.low_quality","durationMs":1234,"kioskId":"cli-diag-kiosk"');
    const secrets = ['182198033', '18219803', '912345678', '1234 5678', 'Camila', 'Fernanda', 'Sotomayor', 'Valenzuela', 'SOTOMAYOR', 'INCHL5123456781'];
    for (const secret of [...secrets, 'PRIVATE KEY', pem.split('\n')[1]!.slice(0, 16), registrationToken, 'cordillera']) expect(log).not.toContain(secret);
  });

  it('says where it looked when there is no service log file, and still exports', async () => {
    const dataDir = tempDir('kioskctl-diag-');
    await kioskctl(['config', 'set', 'office', 'Oficina', '--data-dir', dataDir]);
    const usb = tempDir('kioskctl-usb-');
    const result = await kioskctl(['diagnostics', 'export', '--to', usb, '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const out = json(result.stdout) as { bundle: string; files: string[]; serviceLog: { included: boolean; reason: string } };
    expect(out.files).not.toContain('service-log.txt');
    expect(out.serviceLog).toEqual({ included: false, reason: expect.stringContaining(join(dataDir, 'logs', 'service.log')) });
    expect(JSON.parse(readFileSync(join(out.bundle, 'manifest.json'), 'utf8')).serviceLog.included).toBe(false);
  });

  it('exits 2 without --to and 1 when the target folder does not exist', async () => {
    const dataDir = tempDir();
    expect((await kioskctl(['diagnostics', 'export', '--data-dir', dataDir])).code).toBe(2);
    const missing = await kioskctl(['diagnostics', 'export', '--to', join(dataDir, 'no-usb-stick'), '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(cliError(missing)).toMatchObject({ code: 'not_found', message: expect.stringContaining('mounted') });
    expect(existsSync(join(dataDir, 'no-usb-stick'))).toBe(false);
  });
});

describe('kioskctl help', { timeout: 2 * BOUND_MS }, () => {
  it('documents every command with its usage, the exit codes and the data directory', async () => {
    const result = await kioskctl(['--help']);
    expect(result.code).toBe(0);
    const help = json(result.stdout) as { commands: { command: string; summary: string }[]; exitCodes: Record<string, string>; dataDir: string };
    expect(help.commands.map((c) => c.command)).toEqual(COMMANDS.map((c) => `kioskctl ${c.usage}`));
    for (const words of [
      ['config', 'get'],
      ['config', 'set'],
      ['config', 'validate'],
      ['register'],
      ['central', 'test'],
      ['selftest'],
      ['queue', 'status'],
      ['queue', 'retry'],
      ['diagnostics', 'export'],
      ['devices', 'list'],
      ['devices', 'probe'],
    ]) {
      expect(
        help.commands.some((c) => c.command.startsWith(`kioskctl ${words.join(' ')}`)),
        words.join(' '),
      ).toBe(true);
    }
    expect(Object.keys(help.exitCodes)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(help.dataDir).toContain('KIOSK_DATA_DIR');
  });

  it('narrows to a group of commands, or to one with --help after it', async () => {
    const queue = json((await kioskctl(['help', 'queue'])).stdout) as { commands: { command: string }[] };
    expect(queue.commands.map((c) => c.command.split(' ').slice(0, 3).join(' '))).toEqual(['kioskctl queue status', 'kioskctl queue retry']);
    const set = await kioskctl(['config', 'set', '--help']);
    expect(set.code).toBe(0);
    expect((json(set.stdout) as { commands: { command: string }[] }).commands).toEqual([
      expect.objectContaining({ command: expect.stringMatching(/^kioskctl config set FIELD VALUE/) }),
    ]);
  });

  it('exits 2 with the help when no command is given, and for an unknown command', async () => {
    const bare = await kioskctl([]);
    expect(bare.code).toBe(2);
    expect(json(bare.stdout)).toHaveProperty('commands');
    const unknown = await kioskctl(['config', 'reset']);
    expect(unknown.code).toBe(2);
    expect(cliError(unknown).code).toBe('usage');
  });
});
