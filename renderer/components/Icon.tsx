import type { ReactNode } from 'react';

/**
 * Line icons drawn for the kiosk (24-unit grid, square caps like gob.cl's
 * square corners). Always decorative: the text beside them carries the
 * meaning, so they are hidden from assistive technology.
 */
const GLYPHS = {
  arrowRight: <path d="M4 12h15M13 6l6 6-6 6" />,
  card: (
    <>
      <rect x="2" y="5" width="20" height="14" />
      <circle cx="8" cy="11" r="2" />
      <path d="M5 16c1-1.6 1.8-2.2 3-2.2s2 .6 3 2.2M14 10h5M14 13h5M14 16h3" />
    </>
  ),
  check: <path d="M5 12.5l4.5 4.5L19 7.5" />,
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
  email: (
    <>
      <rect x="3" y="5" width="18" height="14" />
      <path d="M3 6l9 7 9-7" />
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
  key: (
    <>
      <circle cx="8" cy="12" r="4.5" />
      <path d="M12.5 12H21M18 12v3.5M21 12v2.5" />
    </>
  ),
  phone: (
    <>
      <rect x="7" y="2.5" width="10" height="19" />
      <path d="M11 18h2" />
    </>
  ),
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
