/**
 * kioskctl config get / set / validate, run as a technician runs them (a
 * process, JSON out, exit codes) on real SQLite files in temporary data
 * directories. Every wait is bounded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BOUND_MS, auditEvents, cliError, json, kioskctl, removeTempDirs, storedState, tempDir } from './cli-support.ts';

/** A syntactically valid Argon2id PHC string (synthetic: it is the hash of nothing). */
const PIN_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c3ludGhldGljc2FsdA$c3ludGhldGljaGFzaHN5bnRoZXRpY2hhc2g';

afterAll(removeTempDirs);

describe('kioskctl config set / get', { timeout: 6 * BOUND_MS }, () => {
  it('creates the database on a new kiosk, stores the fields (text, numbers, lists, compact devices) and prints old and new values', async () => {
    const dataDir = tempDir();
    const set = await kioskctl([
      'config',
      'set',
      'kioskId',
      '0042',
      'stepTimeouts.cardSeconds',
      '120',
      'devices.printer',
      'tcp:192.0.2.10:9100',
      'languages',
      'es-CL,en',
      '--data-dir',
      dataDir,
    ]);
    expect(set, set.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(json(set.stdout)).toEqual({
      dataDir,
      changed: [
        { field: 'kioskId', old: 'dev-kiosk-01', new: '0042' },
        { field: 'stepTimeouts.cardSeconds', old: 90, new: 120 },
        { field: 'devices.printer', old: 'simulated', new: 'tcp:192.0.2.10:9100' },
        { field: 'languages', old: ['es-CL', 'en', 'ht'], new: ['es-CL', 'en'] },
      ],
      unchanged: [],
      written: true,
      updatedAt: expect.any(String),
      note: expect.any(String),
    });

    const got = await kioskctl(['config', 'get', '--data-dir', dataDir]);
    expect(got.code).toBe(0);
    expect(json(got.stdout)).toMatchObject({
      dataDir,
      stored: true,
      config: {
        kioskId: '0042',
        languages: ['es-CL', 'en'],
        stepTimeouts: { cardSeconds: 120 },
        devices: { printer: 'tcp:192.0.2.10:9100', fingerprint: 'simulated' },
      },
    });
    expect(JSON.parse(storedState(dataDir).document!).devices.printer).toEqual({ transport: 'tcp', host: '192.0.2.10', port: 9100 });

    const one = await kioskctl(['config', 'get', 'stepTimeouts.cardSeconds', '--data-dir', dataDir]);
    expect(json(one.stdout)).toEqual({ field: 'stepTimeouts.cardSeconds', value: 120 });
    const unset = await kioskctl(['config', 'get', 'centralUrl', '--data-dir', dataDir]);
    expect(json(unset.stdout)).toEqual({ field: 'centralUrl', value: null });
  });

  it('queues one technician.config_changed audit record per change, naming the fields and no value', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'office', 'Oficina Sintética Norte', '--data-dir', dataDir]);
    await kioskctl(['config', 'set', 'idleTimeoutSeconds', '90', 'mode', 'chileatiende', '--data-dir', dataDir]);
    const events = auditEvents(dataDir);
    expect(events).toEqual([
      expect.objectContaining({ type: 'technician.config_changed', outcome: 'ok', detail: { fields: 'office', via: 'kioskctl' } }),
      expect.objectContaining({ type: 'technician.config_changed', outcome: 'ok', detail: { fields: 'idleTimeoutSeconds,mode', via: 'kioskctl' } }),
    ]);
    expect(events.every((event) => event.subject === undefined)).toBe(true);
    expect(JSON.stringify(storedState(dataDir).outbox)).not.toContain('Sintética');

    const again = await kioskctl(['config', 'set', 'mode', 'chileatiende', '--data-dir', dataDir]);
    expect(json(again.stdout)).toEqual({ dataDir, changed: [], unchanged: ['mode'], written: false });
    expect(auditEvents(dataDir)).toHaveLength(2);
  });

  it('never prints the technician PIN hash: "[set]" in set, get and get FIELD', async () => {
    const dataDir = tempDir();
    const set = await kioskctl(['config', 'set', 'technicianPinHash', PIN_HASH, '--data-dir', dataDir]);
    expect(set.code).toBe(0);
    expect(json(set.stdout).changed).toEqual([{ field: 'technicianPinHash', old: null, new: '[set]' }]);
    const got = await kioskctl(['config', 'get', '--data-dir', dataDir]);
    const field = await kioskctl(['config', 'get', 'technicianPinHash', '--data-dir', dataDir]);
    expect(json(field.stdout)).toEqual({ field: 'technicianPinHash', value: '[set]' });
    for (const output of [set.stdout, got.stdout, field.stdout, JSON.stringify(auditEvents(dataDir))]) expect(output).not.toContain('argon2id');
    expect(JSON.parse(storedState(dataDir).document!).technicianPinHash).toBe(PIN_HASH);
  });

  it('unsets an optional field with null', async () => {
    const dataDir = tempDir();
    const caFile = join(dataDir, 'ca.pem');
    writeFileSync(caFile, SELF_SIGNED_PEM);
    expect((await kioskctl(['config', 'set', 'centralUrl', 'https://central.example.test', 'centralCaFile', caFile, '--data-dir', dataDir])).code).toBe(0);
    const unset = await kioskctl(['config', 'set', 'centralUrl', 'null', 'centralCaFile', 'null', '--data-dir', dataDir]);
    expect(json(unset.stdout).changed).toEqual([
      { field: 'centralUrl', old: 'https://central.example.test', new: null },
      { field: 'centralCaFile', old: caFile, new: null },
    ]);
    expect(JSON.parse(storedState(dataDir).document!).centralUrl).toBeUndefined();
  });
});

describe('kioskctl config set refuses, naming the field, and writes nothing', { timeout: 6 * BOUND_MS }, () => {
  async function provisioned(): Promise<string> {
    const dataDir = tempDir();
    expect((await kioskctl(['config', 'set', 'kioskId', 'kiosk-norte-01', '--data-dir', dataDir])).code).toBe(0);
    return dataDir;
  }

  it.each([
    ['a central URL that is not https', ['centralUrl', 'http://central.example.test', 'centralCaFile', '/etc/hostname'], 'centralUrl', /https/],
    ['a value out of range, even beside a valid one', ['office', 'Otra oficina', 'stepTimeouts.cardSeconds', '5'], 'stepTimeouts.cardSeconds', />=10/],
    ['a value out of range above', ['outbox.maxAgeDays', '999'], 'outbox.maxAgeDays', /<=365/],
    ['a mode that does not exist', ['mode', 'kiosko'], 'mode', /civil-digital/],
    ['a field the configuration does not have', ['printerColor', 'red'], 'printerColor', /.+/],
    ['the data directory (run-only)', ['dataDir', '/srv/kiosk'], 'dataDir', /KIOSK_DATA_DIR/],
    ['a device in a malformed compact form', ['devices.printer', 'tcp:printer'], 'devices.printer', /host and port/],
    ['a device attached in a way its role cannot be', ['devices.fingerprint', 'tcp:192.0.2.10:9100'], 'devices.fingerprint', /cannot be attached by tcp/],
    ['a CA file that does not exist', ['centralUrl', 'https://central.example.test', 'centralCaFile', '/nonexistent/ca.pem'], 'centralCaFile', /ENOENT/],
    [
      'a CA file that is not a certificate',
      ['centralUrl', 'https://central.example.test', 'centralCaFile', '/etc/hostname'],
      'centralCaFile',
      /not a PEM certificate/,
    ],
  ])('refuses %s with exit 3', async (_what, pairs, field, reason) => {
    const dataDir = await provisioned();
    const before = storedState(dataDir);
    const result = await kioskctl(['config', 'set', ...pairs, '--data-dir', dataDir]);
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(cliError(result)).toEqual({ code: 'config.invalid', field, message: expect.stringMatching(reason) });
    expect(storedState(dataDir)).toEqual(before);
  });

  it('exits 2 for a malformed command line', async () => {
    const dataDir = await provisioned();
    for (const args of [
      ['config', 'set'],
      ['config', 'set', 'kioskId'],
      ['config', 'set', 'kioskId', 'a', 'kioskId', 'b'],
      ['config', 'set', '__proto__.polluted', '1'],
      ['config', 'set', 'kioskId', 'x', '--colour'],
    ]) {
      const result = await kioskctl([...args, '--data-dir', dataDir]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(cliError(result).code).toBe('usage');
    }
  });
});

describe('kioskctl config get / validate', { timeout: 6 * BOUND_MS }, () => {
  it('exits 4 when there is no kiosk database in the data directory, and creates none', async () => {
    const dataDir = tempDir();
    for (const command of [
      ['config', 'get'],
      ['config', 'validate'],
    ]) {
      const result = await kioskctl([...command, '--data-dir', dataDir]);
      expect(result.code).toBe(4);
      expect(cliError(result)).toMatchObject({ code: 'db.not_found', message: expect.stringContaining('--data-dir') });
    }
    expect(() => storedState(dataDir)).toThrow();
  });

  it('takes the data directory from KIOSK_DATA_DIR when --data-dir is not given', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'office', 'Oficina Env', '--data-dir', dataDir]);
    const got = await kioskctl(['config', 'get', 'office'], { env: { KIOSK_DATA_DIR: dataDir } });
    expect(json(got.stdout)).toEqual({ field: 'office', value: 'Oficina Env' });
  });

  it('exits 2 for a field that does not exist', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'office', 'Oficina', '--data-dir', dataDir]);
    const result = await kioskctl(['config', 'get', 'stepTimeouts.nap', '--data-dir', dataDir]);
    expect(result.code).toBe(2);
    expect(cliError(result)).toMatchObject({ code: 'config.unknown_field', field: 'stepTimeouts.nap' });
  });

  it('validates the stored document, and a file as config get prints it, without writing', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'technicianPinHash', PIN_HASH, 'devices.printer', 'file:/dev/usb/lp0', '--data-dir', dataDir]);
    const before = storedState(dataDir);
    const stored = await kioskctl(['config', 'validate', '--data-dir', dataDir]);
    expect(stored.code).toBe(0);
    expect(json(stored.stdout)).toEqual({ valid: true, source: 'stored', dataDir, stored: true });

    const file = join(dataDir, 'kiosk.json');
    writeFileSync(file, (await kioskctl(['config', 'get', '--data-dir', dataDir])).stdout);
    const valid = await kioskctl(['config', 'validate', '--file', file, '--data-dir', dataDir]);
    expect(json(valid.stdout)).toEqual({ valid: true, source: 'file', file, notChecked: ['technicianPinHash'] });
    expect(storedState(dataDir)).toEqual(before);
  });

  it('exits 3 for a file that is not JSON, holds a run-only field, or a value out of range', async () => {
    const dataDir = tempDir();
    const cases: [string, string][] = [
      ['{ kioskId: ', '(document)'],
      [JSON.stringify({ kioskId: 'k1', dataDir: '/srv' }), 'dataDir'],
      [
        JSON.stringify({
          config: {
            kioskId: 'k1',
            mode: 'civil-digital',
            languages: ['es-CL'],
            defaultLanguage: 'es-CL',
            idleTimeoutSeconds: 120,
            simulatedDevices: false,
            devices: { fingerprint: 'serial:/dev/ttyUSB0', cardReader: 'hid:0c2e:0b61', printer: 'tcp:192.0.2.10:9100' },
            outbox: { maxAgeDays: 0 },
          },
        }),
        'outbox.maxAgeDays',
      ],
      [
        JSON.stringify({
          kioskId: 'k1',
          mode: 'civil-digital',
          languages: ['es-CL'],
          defaultLanguage: 'es-CL',
          idleTimeoutSeconds: 120,
          simulatedDevices: false,
          devices: { fingerprint: 'simulated', cardReader: 'none', printer: 'none' },
        }),
        'devices.fingerprint',
      ],
    ];
    for (const [text, field] of cases) {
      const file = join(dataDir, 'candidate.json');
      writeFileSync(file, text);
      const result = await kioskctl(['config', 'validate', '--file', file, '--data-dir', dataDir]);
      expect(result.code, text).toBe(3);
      expect(cliError(result)).toMatchObject({ code: 'config.invalid', field });
    }
  });

  it('reports a stored document that no longer passes (edited by hand) with exit 3 and its field', async () => {
    const dataDir = tempDir();
    await kioskctl(['config', 'set', 'office', 'Oficina', '--data-dir', dataDir]);
    const db = new Database(join(dataDir, 'kiosk.sqlite3'));
    const document = JSON.parse((db.prepare('SELECT document FROM kiosk_config').get() as { document: string }).document);
    db.prepare('UPDATE kiosk_config SET document = ?').run(JSON.stringify({ ...document, idleTimeoutSeconds: 1 }));
    db.close();
    for (const command of [
      ['config', 'get'],
      ['config', 'validate'],
      ['config', 'set', 'office', 'Otra'],
    ]) {
      const result = await kioskctl([...command, '--data-dir', dataDir]);
      expect(result.code, command.join(' ')).toBe(3);
      expect(cliError(result)).toMatchObject({ code: 'config.invalid', field: 'idleTimeoutSeconds' });
    }
  });
});

/** A self-signed certificate with a synthetic name (its key was thrown away), for "a file that holds a PEM certificate". */
const SELF_SIGNED_PEM = `-----BEGIN CERTIFICATE-----
MIIBpjCCAUugAwIBAgIUa0Vyu3WTmIFC0gJEBM653A1VE1owCgYIKoZIzj0EAwIw
JzElMCMGA1UEAwwca2lvc2tjdGwgdGVzdCBDQSAoc3ludGhldGljKTAgFw0yNjEx
MjEwODMxMTFaGA8yMTI2MTAyODA4MzExMVowJzElMCMGA1UEAwwca2lvc2tjdGwg
dGVzdCBDQSAoc3ludGhldGljKTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABIZ1
/pqqNpN1hK+7eTOwv4WWq54ScIVXbrTtCvMTW6dqeII55tlJSY77xeg+rSRm8hGu
JsOo6ii+R+AWtHPLwB+jUzBRMB0GA1UdDgQWBBQsE76osniszc9AaBrJ3ztcGUzC
BTAfBgNVHSMEGDAWgBQsE76osniszc9AaBrJ3ztcGUzCBTAPBgNVHRMBAf8EBTAD
AQH/MAoGCCqGSM49BAMCA0kAMEYCIQChDioM7A1G1w6ckb0weHH0+/frvDXUWAFQ
JQiJSRsx8wIhAPh9ePkOSTf/LJ5xAi7/oqQIgMCzYSLnWwahm2182oKU
-----END CERTIFICATE-----
`;
