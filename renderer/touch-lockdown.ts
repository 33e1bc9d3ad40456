/**
 * A public touch screen offers no context menu and no dragging of text or
 * images out of the page (a long press would otherwise open them). Selection
 * is switched off in CSS (theme/base.css); fields that take input keep theirs.
 */
export function installTouchLockdown(target: Document): void {
  target.addEventListener('contextmenu', (event) => event.preventDefault());
  target.addEventListener('dragstart', (event) => {
    if (!(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)) event.preventDefault();
  });
}
