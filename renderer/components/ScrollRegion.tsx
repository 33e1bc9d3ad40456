import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { Icon } from './Icon.tsx';

interface Overflow {
  /** The content is taller than the region. */
  readonly scrollable: boolean;
  /** Some of it is still below the bottom edge. */
  readonly moreBelow: boolean;
}

const FITS: Overflow = { scrollable: false, moreBelow: false };
/** Sub-pixel rounding at 2x text leaves a pixel or two that no one can scroll to. */
const SLACK_PX = 2;

/**
 * A screen's content, scrolling on its own between the header and the
 * actions, so the actions and the control bar never move. Nothing says a
 * touch screen scrolls, so while content is hidden below the edge the region
 * fades out under a "more below" button that scrolls it a page; it goes away
 * at the end. A region that scrolls takes focus, so a keyboard can scroll it
 * too (WCAG 2.1.1).
 */
export function ScrollRegion({ children }: { readonly children: ReactNode }) {
  const { t } = useFirstScreenTranslation();
  const regionRef = useRef<HTMLDivElement>(null);
  const cueRef = useRef<HTMLButtonElement>(null);
  const [overflow, setOverflow] = useState<Overflow>(FITS);

  useEffect(() => {
    const region = regionRef.current;
    if (region === null) return;
    const measure = () => {
      const scrollable = region.scrollHeight - region.clientHeight > SLACK_PX;
      const moreBelow = region.scrollHeight - region.scrollTop - region.clientHeight > SLACK_PX;
      // Only a region that scrolls takes focus (for the keyboard's arrows); only the measure knows whether it does.
      if (scrollable) region.tabIndex = 0;
      else region.removeAttribute('tabindex');
      // The cue is about to go away: focus stays on the region it scrolled, not on a removed button.
      if (!moreBelow && cueRef.current !== null && document.activeElement === cueRef.current) region.focus({ preventScroll: true });
      setOverflow((previous) => (previous.scrollable === scrollable && previous.moreBelow === moreBelow ? previous : { scrollable, moreBelow }));
    };
    measure();
    const resizes = new ResizeObserver(measure);
    resizes.observe(region);
    for (const child of region.children) resizes.observe(child);
    region.addEventListener('scroll', measure, { passive: true });
    return () => {
      resizes.disconnect();
      region.removeEventListener('scroll', measure);
    };
  }, []);

  const scrollOnePage = () => {
    const region = regionRef.current;
    if (region === null) return;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    // Most of a page, so the line the citizen was reading stays in sight at the top.
    region.scrollBy({ top: region.clientHeight * 0.75, behavior: still ? 'auto' : 'smooth' });
  };

  return (
    <div className="kiosk-scroll-frame">
      <div
        ref={regionRef}
        className="kiosk-scroll"
        data-scroll-region=""
        role={overflow.scrollable ? 'region' : undefined}
        aria-label={overflow.scrollable ? t('scrollCue.region') : undefined}
      >
        <div className="kiosk-scroll-content">{children}</div>
      </div>
      {overflow.moreBelow ? (
        <div className="scroll-cue">
          <button ref={cueRef} type="button" className="choice-button scroll-cue-button" onClick={scrollOnePage}>
            <Icon name="arrowDown" />
            {t('scrollCue.more')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
