import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUdevRules, type Rule } from './udev-rules.ts';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const rulesText = read('packaging/linux/udev/60-kiosk-devices.rules');

const value = (rule: Rule, key: string, attribute: string | null = null) => rule.pairs.find((p) => p.key === key && p.attribute === attribute)?.value;
const usbRule = (rules: readonly Rule[], vendor: string, product: string) =>
  rules.find((r) => value(r, 'ATTRS', 'idVendor') === vendor && value(r, 'ATTRS', 'idProduct') === product);

describe('60-kiosk-devices.rules', () => {
  const { rules, errors } = parseUdevRules(rulesText);

  it('reads cleanly with the strict checker', () => {
    expect(errors).toEqual([]);
    expect(rules.length).toBeGreaterThanOrEqual(6);
  });

  it('gives the CP2110 fingerprint bridge’s hidraw node to plugdev, 0660', () => {
    const rule = usbRule(rules, '10c4', 'ea80');
    expect(rule && value(rule, 'SUBSYSTEM')).toBe('hidraw');
    expect(rule && [value(rule, 'GROUP'), value(rule, 'MODE')]).toEqual(['plugdev', '0660']);
  });

  it.each([
    ['CP210x', '10c4', 'ea60'],
    ['CH340', '1a86', '7523'],
    ['FTDI FT232', '0403', '6001'],
    ['PL2303', '067b', '2303'],
  ])('gives the %s USB-serial bridge’s tty to dialout, 0660', (_name, vendor, product) => {
    const rule = usbRule(rules, vendor, product);
    expect(rule && [value(rule, 'SUBSYSTEM'), value(rule, 'GROUP'), value(rule, 'MODE')]).toEqual(['tty', 'dialout', '0660']);
  });

  it('gives USB printer class nodes (usblp, interface class 07) to lp, 0660', () => {
    const rule = rules.find((r) => value(r, 'ATTRS', 'bInterfaceClass') === '07');
    expect(rule && [value(rule, 'SUBSYSTEM'), value(rule, 'KERNEL'), value(rule, 'GROUP'), value(rule, 'MODE')]).toEqual(['usbmisc', 'lp[0-9]*', 'lp', '0660']);
  });

  it('gives HID POS scanners of the known makers to plugdev, and keeps ModemManager off ttyACM readers', () => {
    for (const vendor of ['0c2e', '1eab']) {
      const rule = rules.find((r) => value(r, 'ATTRS', 'idVendor') === vendor);
      expect(rule && [value(rule, 'SUBSYSTEM'), value(rule, 'GROUP'), value(rule, 'MODE')]).toEqual(['hidraw', 'plugdev', '0660']);
    }
    const modem = rules.find((r) => value(r, 'ENV', 'ID_MM_DEVICE_IGNORE') === '1');
    expect(modem && [value(modem, 'SUBSYSTEM'), value(modem, 'KERNEL')]).toEqual(['tty', 'ttyACM[0-9]*']);
  });

  it('never opens a device to everyone: every group rule has a mode without bits for others', () => {
    const withGroup = rules.filter((r) => value(r, 'GROUP') !== undefined);
    expect(withGroup.length).toBe(rules.length - 1);
    for (const rule of withGroup) expect(value(rule, 'MODE')).toMatch(/^0[0-7][0-7]0$/);
  });

  it('uses only groups the postinst puts the kiosk user in', () => {
    const postinst = read('packaging/linux/scripts/after-install.sh');
    const groups = /^KIOSK_GROUPS="([^"]*)"$/m.exec(postinst)?.[1]?.split(' ') ?? [];
    expect(groups).toEqual(['dialout', 'plugdev', 'lp', 'audio']);
    for (const rule of rules) if (value(rule, 'GROUP') !== undefined) expect(groups).toContain(value(rule, 'GROUP'));
  });
});

describe('the strict udev rules checker (it bites)', () => {
  const good = 'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="10c4", ATTRS{idProduct}=="ea80", GROUP="plugdev", MODE="0660"';

  it('accepts a well-formed rule', () => {
    expect(parseUdevRules(good).errors).toEqual([]);
  });

  it.each([
    ['an unterminated quote', good.replace('"plugdev"', '"plugdev')],
    ['an unquoted value', good.replace('"plugdev"', 'plugdev')],
    ['a misspelt key', good.replace('SUBSYSTEM', 'SUBSYTEM')],
    ['a match operator on an assignment-only key', good.replace('GROUP="plugdev"', 'GROUP=="plugdev"')],
    ['an assignment to a match-only key', good.replace('ATTRS{idVendor}=="10c4"', 'ATTRS{idVendor}="10c4"')],
    ['ATTRS without its attribute', good.replace('ATTRS{idVendor}', 'ATTRS')],
    ['an attribute on a key that takes none', good.replace('SUBSYSTEM==', 'SUBSYSTEM{x}==')],
    ['a mode that is not octal', good.replace('"0660"', '"660"')],
    ['a vendor id in upper case (sysfs writes lower case)', good.replace('"10c4"', '"10C4"')],
    ['a missing comma', good.replace('"plugdev", MODE', '"plugdev" MODE')],
    ['a trailing comma', `${good},`],
    ['a rule that assigns nothing', 'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="10c4"'],
    ['a rule that matches nothing', 'GROUP="plugdev", MODE="0660"'],
    ['a line continuation', `${good.slice(0, 20)}\\`],
  ])('rejects %s', (_what, line) => {
    expect(parseUdevRules(`# a comment\n\n${line}\n`).errors).not.toEqual([]);
  });

  it('fails on a deliberately broken copy of the shipped file, naming the line', () => {
    const lines = rulesText.split('\n');
    const target = lines.findIndex((l) => l.includes('ea80'));
    lines[target] = lines[target]!.replace('GROUP="plugdev"', 'GROUP=plugdev');
    const { errors } = parseUdevRules(lines.join('\n'));
    expect(errors.map((e) => e.line)).toEqual([target + 1]);
  });
});
