import { useId } from 'react';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { PIN_DIGITS, type PinKey, pinComplete, pinDots } from './pin-entry.ts';

interface PinPadProps {
  readonly pin: string;
  readonly onKey: (key: PinKey) => void;
  readonly submitLabel: string;
  readonly onSubmit: () => void;
  readonly disabled?: boolean;
}

/**
 * A numeric pad of real buttons, each named by its digit, and a read-out of
 * dots: the PIN itself is never on screen nor announced (EN 301 549
 * 5.1.3.8, masked entry), only how many digits have been typed.
 */
export function PinPad({ pin, onKey, submitLabel, onSubmit, disabled = false }: PinPadProps) {
  const { t } = useCitizenTranslation();
  const labelId = useId();
  return (
    <div className="pin-pad">
      <p id={labelId} className="pin-label">
        {t('technician.pin.field')}
      </p>
      <output className="pin-dots" aria-labelledby={labelId} aria-live="polite">
        <span aria-hidden="true">{pinDots(pin) || '\u00a0'}</span>
        <span className="visually-hidden">{t('technician.pin.typed', { count: pin.length })}</span>
      </output>
      <div className="pin-keys" role="group" aria-label={t('technician.pin.pad')}>
        {PIN_DIGITS.slice(0, 9).map((digit) => (
          <button key={digit} type="button" className="pin-key" disabled={disabled} onClick={() => onKey({ kind: 'digit', digit })}>
            {digit}
          </button>
        ))}
        <button type="button" className="pin-key pin-key-word" disabled={disabled} onClick={() => onKey({ kind: 'clear' })}>
          {t('technician.pin.clear')}
        </button>
        <button type="button" className="pin-key" disabled={disabled} onClick={() => onKey({ kind: 'digit', digit: '0' })}>
          0
        </button>
        <button type="button" className="pin-key pin-key-word" disabled={disabled} onClick={() => onKey({ kind: 'backspace' })}>
          {t('technician.pin.backspace')}
        </button>
      </div>
      <button type="button" className="primary-button pin-submit" disabled={disabled || !pinComplete(pin)} onClick={onSubmit}>
        {submitLabel}
      </button>
    </div>
  );
}
