import { useEffect } from 'react';
import type { Language } from '../../electron/contract/app.ts';
import type { TextSize } from '../store/ui-store.ts';

/**
 * `<html lang>` follows the visible language (WCAG 3.1.1; screen readers and
 * hyphenation use it), and the gob.cl framework's own theme classes switch
 * larger text and high contrast for the whole page.
 */
export function useDocumentPresentation(language: Language, textSize: TextSize, highContrast: boolean): void {
  useEffect(() => {
    const html = document.documentElement;
    html.lang = language;
    html.classList.toggle('a11y-fonts', textSize === 'large');
    html.classList.toggle('a11y-contrast', highContrast);
  }, [language, textSize, highContrast]);
}
