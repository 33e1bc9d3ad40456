import type { Page } from 'playwright-core';

/**
 * What axe-core does not check: that a citizen can touch every control on
 * the screen. Every visible, enabled control of <main> and of the control
 * bar (or, while a modal dialog is open, of that dialog) must have its
 * centre inside the viewport, and `document.elementFromPoint` there must be
 * the control or inside it, so nothing (a fixed bar, a fade, another
 * control) lies on top of it. A control inside the screen's scrolling
 * content (`data-scroll-region`, components/ScrollRegion.tsx) is first
 * scrolled into view there, as the citizen would; nothing else is scrolled,
 * so an action pushed under the control bar is reported, not rescued.
 *
 * Returns one line per control that fails, naming it; empty when all pass.
 */
export async function unreachableControls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const CONTROLS = [
      'button',
      'a[href]',
      'input:not([type="hidden"])',
      'select',
      'textarea',
      '[role="button"]',
      '[role="link"]',
      '[role="checkbox"]',
      '[role="radio"]',
      '[role="switch"]',
      '[role="tab"]',
      '[role="option"]',
      '[tabindex]:not([tabindex="-1"]):not([data-scroll-region])',
    ].join(', ');
    const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const describe = (element: Element): string => {
      const role = element.getAttribute('role') ?? element.tagName.toLowerCase();
      const labelledBy = element.getAttribute('aria-labelledby');
      const name =
        element.getAttribute('aria-label') ??
        (labelledBy === null
          ? null
          : labelledBy
              .split(/\s+/)
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' ')) ??
        (element instanceof HTMLInputElement ? element.labels?.[0]?.textContent : null) ??
        (element as HTMLElement).innerText ??
        '';
      const text = name.replace(/\s+/g, ' ').trim();
      return text === '' ? `${role} (${element.className || 'unnamed'})` : `${role} "${text.slice(0, 60)}"`;
    };

    const modal = [...document.querySelectorAll('dialog[open]')].filter((dialog) => dialog.matches(':modal')).at(-1);
    const scopes: Element[] = modal !== undefined ? [modal] : [...document.querySelectorAll('main, footer')];
    const controls = scopes.flatMap((scope) => [...scope.querySelectorAll<HTMLElement>(CONTROLS)]);
    const regions = [...document.querySelectorAll<HTMLElement>('[data-scroll-region]')];
    const scrolledFrom = new Map(regions.map((region) => [region, region.scrollTop]));
    const problems: string[] = [];
    for (const control of controls) {
      if (!control.checkVisibility({ checkVisibilityCSS: true })) continue;
      if (control.matches(':disabled') || control.getAttribute('aria-disabled') === 'true') continue;
      const size = control.getBoundingClientRect();
      // Visually hidden (1 px, clipped): read by screen readers, never touched.
      if (size.width < 2 || size.height < 2) continue;
      const region = control.closest<HTMLElement>('[data-scroll-region]');
      if (region !== null) {
        const within = region.getBoundingClientRect();
        const bottomPadding = parseFloat(getComputedStyle(region).scrollPaddingBottom) || 0;
        const before = region.scrollTop;
        if (size.bottom > within.bottom - bottomPadding) region.scrollTop += size.bottom - (within.bottom - bottomPadding);
        if (control.getBoundingClientRect().top < within.top) region.scrollTop -= within.top - control.getBoundingClientRect().top;
        // The "more below" cue follows the scroll a frame later.
        if (region.scrollTop !== before) await nextFrame();
      }
      const box = control.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const scrolled = region === null ? '' : ' (scrolled into view)';
      if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) {
        problems.push(
          `${describe(control)}: centre (${Math.round(x)}, ${Math.round(y)}) outside the ${window.innerWidth}×${window.innerHeight} viewport${scrolled}`,
        );
        continue;
      }
      const hit = document.elementFromPoint(x, y);
      if (hit !== null && (hit === control || control.contains(hit))) continue;
      // The developer panel (dev builds only) lies over the citizen's screen by design while it is open.
      if (hit !== null && hit.closest('.dev-panel, .dev-toggle') !== null) continue;
      const coveredBy = hit === null ? 'nothing' : `${describe(hit)}${hit.closest('footer') !== null ? ' in the control bar' : ''}`;
      problems.push(`${describe(control)}: centre (${Math.round(x)}, ${Math.round(y)}) is covered by ${coveredBy}${scrolled}`);
    }
    for (const [region, scrollTop] of scrolledFrom) region.scrollTop = scrollTop;
    await nextFrame();
    return problems;
  });
}
