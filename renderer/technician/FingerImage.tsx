import { useEffect, useRef } from 'react';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { greyToRgba } from './finger-image.ts';

interface FingerImageProps {
  readonly width: number;
  readonly height: number;
  readonly pixelsBase64: string;
}

/**
 * The captured finger, painted on a canvas with putImageData: the renderer's
 * CSP (common/csp.ts) allows images only from the app itself and
 * data: URLs, and a canvas needs neither a URL nor an encoder.
 */
export function FingerImage({ width, height, pixelsBase64 }: FingerImageProps) {
  const { t } = useCitizenTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    const rgba = greyToRgba(pixelsBase64, width, height);
    if (!context || rgba === null) return;
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [width, height, pixelsBase64]);
  return (
    <div role="img" aria-label={t('technician.devices.fingerImage')}>
      <canvas ref={canvasRef} className="finger-image" width={width} height={height} aria-hidden="true" />
    </div>
  );
}
