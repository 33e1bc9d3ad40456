import type { MouseEvent } from 'react';
import { useCitizenTranslation } from '../../i18n/use-citizen-translation.ts';
import { Icon, type IconName } from '../Icon.tsx';
import { keyCharacter } from './apply-key.ts';
import { type KeyAction, type KeyDefinition, KEYBOARD_LAYOUTS, type KeyboardLayoutId, type NamedKey } from './keyboard-layouts.ts';

interface OnScreenKeyboardProps {
  readonly layout: KeyboardLayoutId;
  readonly shift: boolean;
  readonly onKey: (action: KeyAction) => void;
}

const KEY_ICONS: Partial<Record<NamedKey, IconName>> = { backspace: 'backspace', shift: 'shift' };

/** Keys that show a word, not a character. */
const WORD_KEYS: ReadonlySet<NamedKey> = new Set(['shift', 'backspace', 'space', 'symbols', 'letters']);

// A press must not move focus off the field being typed into (it stays
// visibly focused, WCAG 2.4.7); the key still acts on click, that is on
// release, so a finger can slide off a wrong key (WCAG 2.5.2).
const keepFieldFocus = (event: MouseEvent) => event.preventDefault();

/**
 * A keyboard of real buttons (electron-kiosk.md §4.1: the VotingWorks
 * approach), each with an accessible name: the character itself, or a
 * translated word for keys like backspace and the `@`.
 */
export function OnScreenKeyboard({ layout, shift, onKey }: OnScreenKeyboardProps) {
  const { t } = useCitizenTranslation();

  function caption(key: KeyDefinition): { text: string; name?: string } {
    const { action, name } = key;
    if (name !== undefined && WORD_KEYS.has(name)) return { text: t(`keyboard.names.${name}`) };
    switch (action.kind) {
      case 'char':
        return { text: keyCharacter(action.char, shift), ...(name === undefined ? {} : { name: t(`keyboard.names.${name}`) }) };
      case 'text':
        return { text: action.text };
      case 'domain':
        return { text: `@${action.domain}` };
      default:
        return { text: key.id };
    }
  }

  return (
    <div className={`keyboard keyboard-${layout}`} role="group" aria-label={t('keyboard.label')}>
      {KEYBOARD_LAYOUTS[layout].map((row) => (
        <div key={row.map((key) => key.id).join(' ')} className="keyboard-row">
          {row.map((key) => {
            const { text, name } = caption(key);
            const icon = key.name === undefined ? undefined : KEY_ICONS[key.name];
            const isWord = key.name !== undefined && WORD_KEYS.has(key.name);
            return (
              <button
                key={key.id}
                type="button"
                className={`key key-w${key.width ?? 1}${key.action.kind === 'char' && !isWord ? ' key-char' : ''}`}
                aria-label={name}
                aria-pressed={key.action.kind === 'shift' ? shift : undefined}
                onMouseDown={keepFieldFocus}
                onClick={() => onKey(key.action)}
              >
                {icon === undefined ? null : <Icon name={icon} />}
                <span className="key-text">{text}</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
