/**
 * Which command-line switches a packaged kiosk refuses to start with. Each
 * one opens the running kiosk to whoever can start it (a technician's shell, a
 * tampered launcher or systemd unit): a debugger on the main process or the
 * renderers, V8 flags, a disabled sandbox or web security, a helper process
 * started through a wrapper of the caller's choice, or the network rerouted.
 * The fuses (electron-builder.yml) already make a packaged binary ignore
 * Node's --inspect family and NODE_OPTIONS; Chromium's own switches have no
 * fuse, so main checks its argv before it does anything else. The unpackaged
 * app accepts them all: Playwright drives it through them.
 */

/** Switch names, lower-case, without leading dashes or `=value`. */
const REFUSED_SWITCHES = new Set([
  'js-flags',
  'auto-open-devtools-for-tabs',
  'no-sandbox',
  'disable-gpu-sandbox',
  'disable-setuid-sandbox',
  'disable-web-security',
  'disable-site-isolation-trials',
  'allow-running-insecure-content',
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'user-data-dir',
  'load-extension',
  'browser-subprocess-path',
  'register-pepper-plugins',
  'host-rules',
  'host-resolver-rules',
  'proxy-server',
  'proxy-pac-url',
]);

/** Whole families: Node's inspector (--inspect, --inspect-brk, --inspect-port …), the DevTools endpoints, command prefixes and launchers for helper processes. */
const REFUSED_PREFIXES = ['inspect', 'debug', 'remote-debugging', 'remote-allow-origins'];
const REFUSED_SUFFIXES = ['-cmd-prefix', '-launcher'];

/**
 * The switch name an argument sets, or null for a plain argument. Chromium
 * reads `--name`, `--name=value` and, on POSIX, `-name` alike; names are
 * compared lower-cased so a variant spelling cannot slip past.
 */
export function switchName(argument: string): string | null {
  const match = /^--?([^-=][^=]*)/.exec(argument);
  return match ? match[1]!.toLowerCase() : null;
}

export function isRefusedSwitch(name: string): boolean {
  return REFUSED_SWITCHES.has(name) || REFUSED_PREFIXES.some((prefix) => name.startsWith(prefix)) || REFUSED_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/**
 * The refused switches among `args` (process.argv without the executable), by
 * name only: a value may be a path or an address that does not belong in a
 * log. Empty when unpackaged. Arguments after a bare `--` are checked too:
 * refusing a harmless one costs a restart, missing a real one costs the kiosk.
 */
export function refusedSwitches(args: readonly string[], isPackaged: boolean): string[] {
  if (!isPackaged) return [];
  const names = args.map(switchName).filter((name): name is string => name !== null && isRefusedSwitch(name));
  return [...new Set(names)];
}
