import { type ReactNode, useEffect, useRef } from 'react';
import { KioskHeader } from './KioskHeader.tsx';

interface ScreenFrameProps {
  readonly children: ReactNode;
  /** Controls that stay put at the bottom of the screen (language, accessibility). */
  readonly controls?: ReactNode;
  /** Session steps read from the top with their actions at the bottom; other screens are centred. */
  readonly layout?: 'centered' | 'session';
}

/**
 * Every screen: header, the one <main>, and a control bar. On a new screen,
 * focus moves to its <h1> so a screen reader starts reading from the top
 * instead of from a button that no longer exists.
 */
export function ScreenFrame({ children, controls, layout = 'centered' }: ScreenFrameProps) {
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    mainRef.current?.querySelector<HTMLHeadingElement>('h1')?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="kiosk-frame">
      <KioskHeader />
      <main ref={mainRef} className={layout === 'session' ? 'kiosk-main kiosk-main-session' : 'kiosk-main'}>
        {children}
      </main>
      {controls === undefined ? null : <footer className="kiosk-controls">{controls}</footer>}
    </div>
  );
}
