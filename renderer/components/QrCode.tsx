import { useMemo } from 'react';
import { QR_QUIET_ZONE, qrPath } from './qr-path.ts';

/**
 * A QR code the citizen can photograph. Always black on a white plate, also
 * in the high-contrast theme: many phone readers do not decode an inverted
 * symbol. Its name says what it holds; the text beside it carries the value.
 */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const extent = size + 2 * QR_QUIET_ZONE;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      viewBox={`${-QR_QUIET_ZONE} ${-QR_QUIET_ZONE} ${extent} ${extent}`}
      shapeRendering="crispEdges"
      focusable="false"
    >
      <rect x={-QR_QUIET_ZONE} y={-QR_QUIET_ZONE} width={extent} height={extent} className="qr-plate" />
      <path d={d} className="qr-modules" />
    </svg>
  );
}
