import { type ReactNode, useEffect, useRef } from 'react';
import { KioskHeader } from './KioskHeader.tsx';

interface ScreenFrameProps {
  readonly children: ReactNode;
  /** Controls that stay put at the bottom of the screen (language, accessibility, help). */
  readonly controls?: ReactNode;
  /** Session steps read from the top with their actions at the bottom; other screens are centred. */
  readonly layout?: 'centered' | 'session';
  /**
   * Docked under the content, inside <main> (the on-screen keyboard). The
   * content then scrolls on its own above it, so what has focus there is
   * scrolled into view and never hidden behind the dock (WCAG 2.4.11).
   */
  readonly dock?: ReactNode;
}

/**
 * Every screen: header, the one <main>, and a control bar. On a new screen,
 * focus moves to its <h1> so a screen reader starts reading from the top
 * instead of from a button that no longer exists.
 */
export function ScreenFrame({ children, controls, layout = 'centered', dock }: ScreenFrameProps) {
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    mainRef.current?.querySelector<HTMLHeadingElement>('h1')?.focus({ preventScroll: true });
  }, []);
  const mainClass = ['kiosk-main', layout === 'session' ? 'kiosk-main-session' : '', dock === undefined ? '' : 'kiosk-main-docked'].filter(Boolean).join(' ');
  return (
    <div className="kiosk-frame">
      <KioskHeader />
      <main ref={mainRef} className={mainClass}>
        {dock === undefined ? (
          children
        ) : (
          <>
            <div className="docked-content">{children}</div>
            <div className="dock">{dock}</div>
          </>
        )}
      </main>
      {controls === undefined ? null : <footer className="kiosk-controls">{controls}</footer>}
    </div>
  );
}
