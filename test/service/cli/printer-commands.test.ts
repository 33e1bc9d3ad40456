import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOUND_MS, exited, interactive, run } from '../../support/kioskctl.ts';

describe('kioskctl simulate printer + printer test', { timeout: 3 * BOUND_MS }, () => {
  it('prints the test receipt over TCP to the simulated printer, which renders it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kioskctl-printer-'));
    const sim = interactive(['simulate', 'printer', '--port', '0', '--out', out]);
    const ready = await sim.next((l) => l.event === 'ready');
    const target = `127.0.0.1:${String(ready.port)}`;

    const printed = await run(['printer', 'test', '--transport', 'tcp', '--target', target, '--kiosk', 'kiosk-test-01']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ printed: true, before: { online: true, paperOut: false }, after: { online: true } });
    const job = await sim.next((l) => l.event === 'printed');
    expect(existsSync(String(job.png))).toBe(true);
    expect(readFileSync(String(job.transcript), 'utf8')).toContain('kiosk-test-01');

    sim.send('paper-out on');
    await sim.next((l) => l.event === 'fault' && l.fault === 'paper-out');
    const refused = await run(['printer', 'test', '--transport', 'tcp', '--target', target]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: 'printer.paper_out' } });

    sim.send('jam on');
    await sim.next((l) => l.event === 'error');
    sim.send('quit');
    expect(await exited(sim.child)).toBe(0);
    expect(sim.lines.at(-1)).toEqual({ event: 'stopped' });
  });

  it('says why a printer cannot be reached, and refuses a malformed target', async () => {
    const unreachable = await run(['printer', 'test', '--transport', 'tcp', '--target', '127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(JSON.parse(unreachable.stderr).error.code).toMatch(/^printer\./);
    const malformed = await run(['printer', 'test', '--transport', 'tcp', '--target', 'printer']);
    expect(malformed.code).toBe(2);
    expect(JSON.parse(malformed.stderr)).toMatchObject({ error: { code: 'usage' } });
  });
});

describe('kioskctl devices list', () => {
  it('lists serial ports and HID devices as JSON', async () => {
    const listed = await run(['devices', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    const devices = JSON.parse(listed.stdout);
    expect(Array.isArray(devices.serial)).toBe(true);
    expect(Array.isArray(devices.hid)).toBe(true);
  });
});
