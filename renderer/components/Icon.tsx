import type { ReactNode } from 'react';

/**
 * Line icons drawn for the kiosk (24-unit grid, square caps like gob.cl's
 * square corners). Always decorative: the text beside them carries the
 * meaning, so they are hidden from assistive technology.
 */
const GLYPHS = {
  arrowDown: <path d="M12 4v15M6 13l6 6 6-6" />,
  arrowLeft: <path d="M20 12H5M11 6l-6 6 6 6" />,
  arrowRight: <path d="M4 12h15M13 6l6 6-6 6" />,
  backspace: (
    <>
      <path d="M8 5h13v14H8l-6-7z" />
      <path d="M11 9l6 6M17 9l-6 6" />
    </>
  ),
  card: (
    <>
      <rect x="2" y="5" width="20" height="14" />
      <circle cx="8" cy="11" r="2" />
      <path d="M5 16c1-1.6 1.8-2.2 3-2.2s2 .6 3 2.2M14 10h5M14 13h5M14 16h3" />
    </>
  ),
  check: <path d="M5 12.5l4.5 4.5L19 7.5" />,
  circle: <circle cx="12" cy="12" r="7" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3.5 2" />
    </>
  ),
  close: <path d="M6 6l12 12M18 6L6 18" />,
  contrast: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path className="icon-solid" d="M12 3a9 9 0 0 1 0 18z" />
    </>
  ),
  edit: <path d="M4 20h4L19.5 8.5l-4-4L4 16zM13.5 6.5l4 4" />,
  email: (
    <>
      <rect x="3" y="5" width="18" height="14" />
      <path d="M3 6l9 7 9-7" />
    </>
  ),
  eye: (
    <>
      <path d="M2 12c2.5-4.5 6-7 10-7s7.5 2.5 10 7c-2.5 4.5-6 7-10 7s-7.5-2.5-10-7z" />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  eyeOff: (
    <>
      <path d="M2 12c2.5-4.5 6-7 10-7s7.5 2.5 10 7c-2.5 4.5-6 7-10 7s-7.5-2.5-10-7z" />
      <circle cx="12" cy="12" r="3" />
      <path d="M4 4l16 16" />
    </>
  ),
  fingerprint: (
    <path d="M5.5 9a7.5 7.5 0 0 1 13 0M4 13a8 8 0 0 1 .3-2M19.8 11c.2.7.2 1.4.2 2M8 20.5c-.7-1.6-1-3.5-1-6a5 5 0 0 1 10 0v.5M12 14.5c0 2.6.6 4.7 1.8 6.5M9.8 12a2.5 2.5 0 0 1 4.7 1.2v1.3c0 1.9.4 3.6 1.2 5M16.9 17.5c.2 1 .5 1.9.9 2.7" />
  ),
  globe: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3c2.4 2.5 3.6 5.5 3.6 9s-1.2 6.5-3.6 9c-2.4-2.5-3.6-5.5-3.6-9S9.6 5.5 12 3z" />
    </>
  ),
  help: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .9-1 1.7v.5M12 17v1" />
    </>
  ),
  home: <path d="M3 11.5L12 4l9 7.5M5.5 9.5V20h5v-6h3v6h5V9.5" />,
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7v1" />
    </>
  ),
  key: (
    <>
      <circle cx="8" cy="12" r="4.5" />
      <path d="M12.5 12H21M18 12v3.5M21 12v2.5" />
    </>
  ),
  lock: (
    <>
      <rect x="4" y="10" width="16" height="11" />
      <path d="M8 10V7a4 4 0 0 1 8 0v3M12 14v3" />
    </>
  ),
  phone: (
    <>
      <rect x="7" y="2.5" width="10" height="19" />
      <path d="M11 18h2" />
    </>
  ),
  printer: (
    <>
      <path d="M6 9V3h12v6M6 17H3V9h18v8h-3" />
      <rect x="6" y="14" width="12" height="7" />
    </>
  ),
  shield: <path d="M12 2.5l8 3v6c0 5-3.4 8.6-8 10-4.6-1.4-8-5-8-10v-6z" />,
  shift: <path d="M12 3l8 9h-4.5v8h-7v-8H4z" />,
  textSize: <path d="M2.5 19l5-14 5 14M4.3 14h6.4M18 8v8M14 12h8" />,
  warning: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v6M12 16v1" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof GLYPHS;

export function Icon({ name, className }: { readonly name: IconName; readonly className?: string }) {
  return (
    <svg className={className === undefined ? 'icon' : `icon ${className}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {GLYPHS[name]}
    </svg>
  );
}
