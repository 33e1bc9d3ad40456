import { type ReactNode, useEffect, useRef } from 'react';
import { KioskHeader } from './KioskHeader.tsx';
import { ScrollRegion } from './ScrollRegion.tsx';

interface ScreenFrameProps {
  readonly children: ReactNode;
  /** Controls that stay put at the bottom of the screen (language, accessibility, help). */
  readonly controls?: ReactNode;
  /** Session steps read from the top with their actions at the bottom; other screens are centred. */
  readonly layout?: 'centered' | 'session';
  /**
   * The action area, inside <main> under the content: the step's actions
   * (and the on-screen keyboard, when the step has one). It never scrolls:
   * only the content above it does, so the actions are always on screen,
   * above the control bar, and what has focus in the content is scrolled
   * into view there, never hidden behind the dock (WCAG 2.4.11).
   */
  readonly dock?: ReactNode;
}

/**
 * Every screen: header, the one <main> (content that scrolls, then the
 * action area), and a control bar. On a new screen, focus moves to its <h1>
 * so a screen reader starts reading from the top instead of from a button
 * that no longer exists.
 */
export function ScreenFrame({ children, controls, layout = 'centered', dock }: ScreenFrameProps) {
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    mainRef.current?.querySelector<HTMLHeadingElement>('h1')?.focus({ preventScroll: true });
  }, []);
  const mainClass = ['kiosk-main', layout === 'session' ? 'kiosk-main-session' : ''].filter(Boolean).join(' ');
  return (
    <div className="kiosk-frame">
      <KioskHeader />
      <main ref={mainRef} className={mainClass}>
        <ScrollRegion>{children}</ScrollRegion>
        {dock === undefined ? null : <div className="dock">{dock}</div>}
      </main>
      {controls === undefined ? null : <footer className="kiosk-controls">{controls}</footer>}
    </div>
  );
}
