import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';
import { useActiveField, useTextSize } from '../../store/hooks.ts';
import { type EntryField, entryStore } from '../../store/entry-store.ts';

interface KeyboardFieldProps {
  readonly field: EntryField;
  readonly label: string;
  readonly value: string;
  readonly hint?: string;
  /** Fixed text before the value, such as `+56 9` (the hint must say it too: it is hidden from screen readers). */
  readonly prefix?: string;
  readonly masked?: boolean;
  readonly invalid?: boolean;
  /** Controls beside the field (show/hide password). */
  readonly trailing?: ReactNode;
  /**
   * Live feedback on what is typed (the password rules it breaks): inside the
   * field's box, so it is scrolled into view above the docked keyboard with
   * the field, never left under it.
   */
  readonly status?: ReactNode;
}

/**
 * A text field typed on the on-screen keyboard. `inputmode="none"` keeps the
 * operating system's keyboard away while the field keeps real focus, a caret
 * and its label. The keyboard is docked below the scrolling form, so the
 * field is scrolled into view above it and never covered (WCAG 2.4.11).
 */
export function KeyboardField({ field, label, value, hint, prefix, masked = false, invalid = false, trailing, status }: KeyboardFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const inputRef = useRef<HTMLInputElement>(null);
  const active = useActiveField() === field;
  const textSize = useTextSize();
  const activate = useStore(entryStore, (s) => s.activate);
  const setValue = useStore(entryStore, (s) => s.setValue);

  // Whatever the keyboard types must be seen: bring the field into view when it
  // becomes the target, as it changes, and when larger text reflows the form.
  // The next frame, because the page's own effects (the text-size class on
  // <html>) run after this child's and change the layout first.
  useEffect(() => {
    if (!active) return;
    const frame = requestAnimationFrame(() => inputRef.current?.closest('.entry-field')?.scrollIntoView({ block: 'nearest' }));
    return () => cancelAnimationFrame(frame);
  }, [active, value, textSize]);

  return (
    <div className={active ? 'entry-field entry-field-active' : 'entry-field'}>
      <label className="entry-label" htmlFor={id}>
        {label}
      </label>
      {hint === undefined ? null : (
        <p id={hintId} className="entry-hint">
          {hint}
        </p>
      )}
      <div className="entry-input-row">
        {prefix === undefined ? null : (
          <span className="entry-prefix" aria-hidden="true">
            {prefix}
          </span>
        )}
        <input
          ref={inputRef}
          id={id}
          className="entry-input"
          type={masked ? 'password' : 'text'}
          inputMode="none"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          value={value}
          aria-describedby={hint === undefined ? undefined : hintId}
          aria-invalid={invalid || undefined}
          onFocus={() => activate(field)}
          onChange={(event) => setValue(field, event.target.value)}
        />
        {trailing}
      </div>
      {status}
    </div>
  );
}
