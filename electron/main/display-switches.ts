/**
 * The Chromium switches for the kiosk's display, chosen by KIOSK_DISPLAY
 * (wayland | x11 | auto; the systemd units set it). Pure: main applies them.
 *
 * For Electron 45:
 * - Ozone is Chromium's only Linux backend, so `--enable-features=UseOzonePlatform`
 *   is obsolete; and since Electron 38 the platform is picked automatically
 *   (Wayland when WAYLAND_DISPLAY is set), with `--ozone-platform-hint` and
 *   ELECTRON_OZONE_PLATFORM_HINT removed in Electron 39 (electron/electron#48001).
 *   So `auto` adds nothing, and the other two force the platform with
 *   `--ozone-platform=`. Ozone picks its platform before the app's JavaScript
 *   runs, so that switch only works on the real command line (the unit's
 *   ExecStart); main can only check it is there.
 * - No WaylandWindowDecorations: the kiosk window is frameless and full screen,
 *   and cage draws no decorations for anyone.
 * - `--touch-events=enabled` exposes touch events to the page even when
 *   Chromium's start-up probe finds no touchscreen (one plugged in later, or a
 *   panel the compositor reports late); the renderer's touch handling and the
 *   pinch-zoom lock rely on them.
 */

export type KioskDisplay = 'wayland' | 'x11' | 'auto';

export type DisplayChoice =
  { readonly ok: true; readonly display: KioskDisplay } | { readonly ok: false; readonly variable: 'KIOSK_DISPLAY'; readonly reason: string };

export interface DisplaySwitch {
  readonly name: string;
  readonly value: string;
  /** Read before main's JavaScript runs: it must be on the command line, appendSwitch is too late. */
  readonly early: boolean;
}

/** Unset or empty means auto: a developer's desktop session, Wayland or X11, picks for itself. */
export function parseKioskDisplay(value: string | undefined): DisplayChoice {
  if (value === undefined || value === '') return { ok: true, display: 'auto' };
  if (value === 'wayland' || value === 'x11' || value === 'auto') return { ok: true, display: value };
  return { ok: false, variable: 'KIOSK_DISPLAY', reason: 'must be wayland, x11 or auto' };
}

export function displaySwitches(display: KioskDisplay): readonly DisplaySwitch[] {
  const touch: DisplaySwitch = { name: 'touch-events', value: 'enabled', early: false };
  if (display === 'auto') return [touch];
  return [{ name: 'ozone-platform', value: display, early: true }, touch];
}

/** `--name=value` as Chromium parses it. */
export function renderSwitch(entry: DisplaySwitch): string {
  return `--${entry.name}=${entry.value}`;
}

/**
 * The early switches the command line lacks (or sets to another value). The last occurrence wins in Chromium's
 * parser, so that is the one compared.
 */
export function missingEarlySwitches(argv: readonly string[], switches: readonly DisplaySwitch[]): readonly string[] {
  return switches
    .filter((entry) => entry.early)
    .filter((entry) => {
      const given = argv.filter((arg) => arg === `--${entry.name}` || arg.startsWith(`--${entry.name}=`)).at(-1);
      return given !== renderSwitch(entry);
    })
    .map(renderSwitch);
}
