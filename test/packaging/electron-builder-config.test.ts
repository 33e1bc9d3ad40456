import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

// js-yaml arrives with electron-builder and ships no types; this is all we use of it.
const requireCommonJs = createRequire(import.meta.url);
const yaml = requireCommonJs('js-yaml') as { load(text: string): unknown };

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');

type BuilderConfig = Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
  linux: { target: string[] };
  deb: { depends: string[]; afterInstall: string; afterRemove: string; fpm: string[] };
  nsis: Record<string, unknown>;
};

const config = yaml.load(read('electron-builder.yml')) as BuilderConfig;
// electron-builder's own schema: the same one it validates the config with before building.
const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(JSON.parse(read('node_modules/app-builder-lib/scheme.json')));

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's JSON schema", () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would be rejected by that schema with a misspelt key or a wrong type (the check bites)', () => {
    expect(validate({ ...config, electronFuse: config.electronFuses })).toBe(false);
    expect(validate({ ...config, asar: 'yes' })).toBe(false);
  });

  it('flips the fuses of electron-kiosk.md §1.3', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('packs into an asar and unpacks every native addon and the three packages’ prebuilds', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/*.node',
        'node_modules/better-sqlite3/prebuilds/**',
        'node_modules/node-hid/prebuilds/**',
        'node_modules/@serialport/bindings-cpp/prebuilds/**',
      ]),
    );
  });

  it('ships the build output only, never sources or tests', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    for (const pattern of config.files.filter((p) => !p.startsWith('!'))) {
      expect(pattern).not.toMatch(/^(electron|renderer|drivers|central|synthetic|test|scripts|src)\b|\*\*\/\*$/);
    }
  });

  it('targets deb first, with the kiosk’s runtime dependencies, then AppImage and NSIS', () => {
    expect(config.linux.target[0]).toBe('deb');
    expect(config.linux.target).toContain('AppImage');
    expect(config.deb.depends).toEqual(expect.arrayContaining(['espeak-ng', 'libnss3', 'libgtk-3-0', 'libgbm1']));
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false });
  });

  it('pins the installed Electron version and never rebuilds the Node-API addons', () => {
    const electronPackage = JSON.parse(read('node_modules/electron/package.json')) as { version: string };
    expect(config.electronVersion).toBe(electronPackage.version);
    expect(config.npmRebuild).toBe(false);
  });

  it('publishes for electron-updater’s generic provider over https', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\/.+\/$/) });
  });

  it('replaces the deb’s maintainer scripts with the kiosk’s, which exist', () => {
    expect(config.deb.afterInstall).toBe('packaging/linux/scripts/after-install.sh');
    expect(config.deb.afterRemove).toBe('packaging/linux/scripts/after-remove.sh');
    for (const path of [config.deb.afterInstall, config.deb.afterRemove]) expect(existsSync(new URL(path, repo))).toBe(true);
    expect(config.deb.depends).toEqual(expect.arrayContaining(['adduser', 'cage', 'xwayland']));
  });

  it('installs the udev rules, both units and the PAM stack where udev, systemd and PAM read them, from files that exist', () => {
    const mappings = Object.fromEntries(config.deb.fpm.filter((arg) => !arg.startsWith('--')).map((arg) => arg.split('=') as [string, string]));
    expect(mappings).toEqual({
      'packaging/linux/udev/60-kiosk-devices.rules': '/lib/udev/rules.d/60-kiosk-devices.rules',
      'packaging/linux/systemd/kiosk.service': '/lib/systemd/system/kiosk.service',
      'packaging/linux/systemd/kiosk-x11.service': '/lib/systemd/system/kiosk-x11.service',
      'packaging/linux/pam/kiosk': '/etc/pam.d/kiosk',
    });
    for (const source of Object.keys(mappings)) expect(existsSync(new URL(source, repo)), source).toBe(true);
    const beforeRemove = config.deb.fpm.find((arg) => arg.startsWith('--before-remove='));
    expect(beforeRemove && existsSync(new URL(beforeRemove.slice('--before-remove='.length), repo))).toBe(true);
  });

  it('names PAMName= after the PAM stack it ships', () => {
    expect(read('packaging/linux/systemd/kiosk.service')).toMatch(/^PAMName=kiosk$/m);
    expect(read('packaging/linux/pam/kiosk')).toMatch(/^session\s+required\s+pam_systemd\.so$/m);
  });
});
