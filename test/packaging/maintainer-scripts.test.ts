import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const requireCommonJs = createRequire(import.meta.url);
const yaml = requireCommonJs('js-yaml') as { load(text: string): unknown };
const { sanitizeFileName } = requireCommonJs('builder-util/out/filename.js') as { sanitizeFileName(name: string): string };

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const builder = yaml.load(read('electron-builder.yml')) as {
  productName: string;
  linux: { executableName: string };
  deb: { afterInstall: string; afterRemove: string; fpm: string[] };
};
const PRODUCT_DIR = sanitizeFileName(builder.productName);
const EXECUTABLE = builder.linux.executableName;
const beforeRemovePath = builder.deb.fpm.find((arg) => arg.startsWith('--before-remove='))!.slice('--before-remove='.length);
const SCRIPTS = { postinst: builder.deb.afterInstall, postrm: builder.deb.afterRemove, prerm: beforeRemovePath } as const;

/**
 * electron-builder's FpmTarget fills a script's ${name} macros (letters only) and throws on one it does not know;
 * the two it passes for the paths are these (plus the linux options, which the scripts do not use).
 */
function render(template: string): string {
  const macros: Record<string, string> = { executable: EXECUTABLE, sanitizedProductName: PRODUCT_DIR };
  return template.replace(/\$\{([a-zA-Z]+)\}/g, (_match, name: string) => {
    const value = macros[name];
    if (value === undefined) throw new Error(`Macro ${name} is not defined`);
    return value;
  });
}

const work = mkdtempSync(join(tmpdir(), 'kiosk-maint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** The real tools the scripts use, and nothing else: no adduser, udevadm or deb-systemd-helper of this machine leaks in. */
const REAL_TOOLS = ['sh', 'grep', 'cut', 'tr', 'mkdir', 'chmod', 'ln', 'readlink', 'rm', 'awk', 'cat', 'basename'];

/** Stubs record their calls, one line each; adduser and addgroup edit the target root's passwd and group as the real ones would. */
const STUBS: Record<string, string> = {
  chroot: 'root="$1"; shift; echo "chroot $root" >>"$STUB_LOG"; FAKE_ROOT="$root" exec "$@"',
  adduser: `echo "adduser $*" >>"$STUB_LOG"
case "$1" in
  --system)
    for last; do :; done
    echo "$last:x:999:999:Enrollment kiosk:/var/lib/kiosk:/usr/sbin/nologin" >>"$FAKE_ROOT/etc/passwd"
    echo "$last:x:999:" >>"$FAKE_ROOT/etc/group" ;;
  *)
    awk -F: -v OFS=: -v u="$1" -v g="$2" '$1 == g { $4 = ($4 == "" ? u : $4 "," u) } { print }' "$FAKE_ROOT/etc/group" >"$FAKE_ROOT/etc/group.new"
    cat "$FAKE_ROOT/etc/group.new" >"$FAKE_ROOT/etc/group"; rm -f "$FAKE_ROOT/etc/group.new" ;;
esac`,
  addgroup: 'echo "addgroup $*" >>"$STUB_LOG"; for last; do :; done; echo "$last:x:998:" >>"$FAKE_ROOT/etc/group"',
  chown: 'echo "chown $*" >>"$STUB_LOG"',
  udevadm: 'echo "udevadm $*" >>"$STUB_LOG"',
  'deb-systemd-helper': 'echo "deb-systemd-helper $*" >>"$STUB_LOG"',
  'deb-systemd-invoke': 'echo "deb-systemd-invoke $*" >>"$STUB_LOG"',
  systemctl: 'echo "systemctl $*" >>"$STUB_LOG"',
};

function toolbox(omit: readonly string[] = []): string {
  const bin = join(work, `bin-${counter++}`);
  mkdirSync(bin);
  for (const tool of REAL_TOOLS) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found === '') throw new Error(`${tool} is missing on this machine`);
    symlinkSync(found, join(bin, tool));
  }
  for (const [name, body] of Object.entries(STUBS)) {
    if (omit.includes(name)) continue;
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return bin;
}

/** A target root as debootstrap leaves it: passwd, group (without plugdev, to see it created), the app under /opt. */
function freshRoot(): string {
  const root = join(work, `root-${counter++}`);
  for (const dir of ['etc', 'usr/bin', 'var/lib', `opt/${PRODUCT_DIR}`]) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\ndialout:x:20:\nlp:x:7:\naudio:x:29:\n');
  writeFileSync(join(root, `opt/${PRODUCT_DIR}/chrome-sandbox`), '');
  return root;
}

function run(script: keyof typeof SCRIPTS, args: string[], root: string, bin: string) {
  const file = join(work, `${script}-${counter++}`);
  writeFileSync(file, render(read(SCRIPTS[script])));
  const log = join(work, `calls-${counter++}`);
  writeFileSync(log, '');
  const result = spawnSync(join(bin, 'sh'), [file, ...args], { encoding: 'utf8', env: { PATH: bin, DPKG_ROOT: root, STUB_LOG: log } });
  return { status: result.status, stderr: result.stderr, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** The link points into the root's /opt, which is absolute and so not on this machine: look at the link itself. */
const hasLink = (path: string) => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

const members = (root: string, group: string) =>
  (
    readFileSync(join(root, 'etc/group'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${group}:`)) ?? ''
  )
    .split(':')[3]
    ?.split(',') ?? [];

describe('maintainer scripts: shell', () => {
  it.each(Object.entries(SCRIPTS))('%s parses with dash -n and sh -n after electron-builder fills its macros', (_name, path) => {
    const file = join(work, `syntax-${counter++}`);
    writeFileSync(file, render(read(path)));
    for (const shell of ['dash', 'sh']) expect(spawnSync(shell, ['-n', file], { encoding: 'utf8' }).status).toBe(0);
  });

  /** The bash-only forms checkbashisms knows best; dash -n accepts some of them as words, so they are looked for as text. */
  const BASHISMS: readonly [string, RegExp][] = [
    ['[[ ]]', /\[\[/],
    ['function keyword', /^\s*function\s/m],
    ['source', /^\s*source\s/m],
    ['== in test', /\[ [^\]]*==/],
    ["$'…' strings", /\$'/],
    ['here-strings', /<<</],
    ['&> redirection', /&>/],
    ['arrays', /^\s*\w+=\(/m],
    ['local', /^\s*local\s/m],
    ['echo -e', /echo -e/],
    ['${var//…} or ${var:offset}', /\$\{\w+(\/\/|:\d)/],
    ['$RANDOM', /\$RANDOM/],
    ['hash', /^\s*(if\s+)?!?\s*hash\s/m],
    ['#!/bin/bash', /^#!.*bash/],
  ];
  const bashismsIn = (text: string) => BASHISMS.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);

  it.each(Object.entries(SCRIPTS))('%s has no bashisms', (_name, path) => {
    expect(bashismsIn(render(read(path)))).toEqual([]);
  });

  it('the bashism check bites on electron-builder’s own default after-install (bash)', () => {
    const template = read('node_modules/app-builder-lib/templates/linux/after-install.tpl');
    expect(bashismsIn(template)).toEqual(expect.arrayContaining(['[[ ]]', 'hash', '#!/bin/bash']));
  });

  it('uses only the macros electron-builder defines for its scripts', () => {
    for (const path of Object.values(SCRIPTS)) expect(() => render(read(path))).not.toThrow();
    expect(() => render('echo ${DPKG_ROOT_TYPO}x ${notAMacro}')).toThrow('Macro notAMacro is not defined');
  });
});

describe('postinst (after-install.sh) in a DPKG_ROOT', () => {
  it('creates the kiosk system user with its home and puts it in dialout, plugdev, lp and audio', () => {
    const root = freshRoot();
    const { status, stderr, calls } = run('postinst', ['configure', ''], root, toolbox());
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(calls.filter((c) => c.startsWith('adduser') || c.startsWith('addgroup'))).toEqual([
      'adduser --system --group --home /var/lib/kiosk --shell /usr/sbin/nologin --gecos Enrollment kiosk kiosk',
      'adduser kiosk dialout',
      'addgroup --system plugdev',
      'adduser kiosk plugdev',
      'adduser kiosk lp',
      'adduser kiosk audio',
    ]);
    // adduser has no --root: each runs chrooted into the target.
    expect(calls.filter((c) => c.startsWith('chroot')).every((c) => c === `chroot ${root}`)).toBe(true);
    for (const group of ['dialout', 'plugdev', 'lp', 'audio']) expect(members(root, group)).toContain('kiosk');
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^kiosk:x:999:999:[^:]*:\/var\/lib\/kiosk:\/usr\/sbin\/nologin$/m);
    expect(statSync(join(root, 'var/lib/kiosk')).mode & 0o777).toBe(0o750);
    expect(calls).toContain(`chown 999:999 ${root}/var/lib/kiosk`);
  });

  it('links the binary and sets the SUID sandbox helper inside the root, not on this machine', () => {
    const root = freshRoot();
    expect(run('postinst', ['configure', ''], root, toolbox()).status).toBe(0);
    expect(readlinkSync(join(root, 'usr/bin', EXECUTABLE))).toBe(`/opt/${PRODUCT_DIR}/${EXECUTABLE}`);
    expect(statSync(join(root, `opt/${PRODUCT_DIR}/chrome-sandbox`)).mode & 0o7777).toBe(0o4755);
  });

  it('enables kiosk.service through deb-systemd-helper, as debhelper does', () => {
    const root = freshRoot();
    const { calls } = run('postinst', ['configure', ''], root, toolbox());
    expect(calls.filter((c) => c.startsWith('deb-systemd-helper'))).toEqual([
      'deb-systemd-helper unmask kiosk.service',
      'deb-systemd-helper --quiet was-enabled kiosk.service',
      'deb-systemd-helper enable kiosk.service',
    ]);
  });

  it('changes nothing on a second run (dpkg may run it again)', () => {
    const root = freshRoot();
    const bin = toolbox();
    expect(run('postinst', ['configure', ''], root, bin).status).toBe(0);
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const group = readFileSync(join(root, 'etc/group'), 'utf8');
    const again = run('postinst', ['configure', '0.1.0'], root, bin);
    expect(again.status).toBe(0);
    expect(again.calls.filter((c) => /^(adduser|addgroup|chroot)/.test(c))).toEqual([]);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toBe(passwd);
    expect(readFileSync(join(root, 'etc/group'), 'utf8')).toBe(group);
    expect(hasLink(join(root, 'usr/bin', EXECUTABLE))).toBe(true);
  });

  it('leaves udev alone where no udev runs (no /run/udev in the root), even with udevadm installed', () => {
    const { status, calls } = run('postinst', ['configure', ''], freshRoot(), toolbox());
    expect(status).toBe(0);
    expect(calls.filter((c) => c.startsWith('udevadm'))).toEqual([]);
  });

  it('does not fail without udevadm (a fresh chroot), even where /run/udev exists', () => {
    const root = freshRoot();
    mkdirSync(join(root, 'run/udev'), { recursive: true });
    const { status, calls } = run('postinst', ['configure', ''], root, toolbox(['udevadm']));
    expect(status).toBe(0);
    expect(calls.filter((c) => c.startsWith('udevadm'))).toEqual([]);
  });

  it('reloads the rules and re-triggers the kiosk’s subsystems where udev runs', () => {
    const root = freshRoot();
    mkdirSync(join(root, 'run/udev'), { recursive: true });
    const { calls } = run('postinst', ['configure', ''], root, toolbox());
    expect(calls.filter((c) => c.startsWith('udevadm'))).toEqual([
      'udevadm control --reload-rules',
      'udevadm trigger --subsystem-match=hidraw --subsystem-match=tty --subsystem-match=usbmisc --action=change',
    ]);
  });

  it('does not fail without deb-systemd-helper either', () => {
    expect(run('postinst', ['configure', ''], freshRoot(), toolbox(['deb-systemd-helper'])).status).toBe(0);
  });

  it('does nothing on a dpkg action it does not handle (triggered)', () => {
    const root = freshRoot();
    const { status, calls } = run('postinst', ['triggered', 'x'], root, toolbox());
    expect(status).toBe(0);
    expect(calls).toEqual([]);
    expect(existsSync(join(root, 'var/lib/kiosk'))).toBe(false);
  });
});

describe('postrm (after-remove.sh) and prerm (before-remove.sh) in a DPKG_ROOT', () => {
  const installed = () => {
    const root = freshRoot();
    const bin = toolbox();
    expect(run('postinst', ['configure', ''], root, bin).status).toBe(0);
    return { root, bin };
  };

  it('on remove: drops the binary link and masks both units', () => {
    const { root, bin } = installed();
    expect(hasLink(join(root, 'usr/bin', EXECUTABLE))).toBe(true);
    const { status, calls } = run('postrm', ['remove'], root, bin);
    expect(status).toBe(0);
    expect(hasLink(join(root, 'usr/bin', EXECUTABLE))).toBe(false);
    expect(calls).toEqual(['deb-systemd-helper mask kiosk.service', 'deb-systemd-helper mask kiosk-x11.service']);
  });

  it('on purge: forgets the units but keeps the kiosk user and /var/lib/kiosk (the undelivered outbox)', () => {
    const { root, bin } = installed();
    const { status, calls } = run('postrm', ['purge'], root, bin);
    expect(status).toBe(0);
    expect(calls).toEqual([
      'deb-systemd-helper purge kiosk.service',
      'deb-systemd-helper unmask kiosk.service',
      'deb-systemd-helper purge kiosk-x11.service',
      'deb-systemd-helper unmask kiosk-x11.service',
    ]);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toMatch(/^kiosk:/m);
    expect(existsSync(join(root, 'var/lib/kiosk'))).toBe(true);
  });

  it('on upgrade: neither script stops or touches anything', () => {
    const { root, bin } = installed();
    expect(run('prerm', ['upgrade', '0.2.0'], root, bin).calls).toEqual([]);
    expect(run('postrm', ['upgrade', '0.2.0'], root, bin).calls).toEqual([]);
    expect(hasLink(join(root, 'usr/bin', EXECUTABLE))).toBe(true);
  });

  it('prerm stops no running service for a root that is not this system', () => {
    const { root, bin } = installed();
    const { status, calls } = run('prerm', ['remove'], root, bin);
    expect(status).toBe(0);
    expect(calls).toEqual([]);
  });
});
