import { useId } from 'react';
import { useStore } from 'zustand';
import { type TechFieldId, techForm } from './technician-form.ts';

interface TechFieldProps {
  readonly field: TechFieldId;
  readonly label: string;
  readonly hint?: string;
}

/** A text field typed on the on-screen keyboard (inputmode none: the OS keyboard stays away), or on a bench keyboard. */
export function TechField({ field, label, hint }: TechFieldProps) {
  const id = useId();
  const value = useStore(techForm, (s) => s.values[field]);
  const active = useStore(techForm, (s) => s.active === field);
  return (
    <div className={active ? 'tech-field tech-field-active' : 'tech-field'}>
      <label htmlFor={id}>{label}</label>
      {hint === undefined ? null : (
        <p id={`${id}-hint`} className="tech-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type="text"
        inputMode="none"
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        value={value}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onFocus={() => techForm.getState().activate(field)}
        onChange={(event) => techForm.getState().setValue(field, event.target.value)}
      />
    </div>
  );
}
