import { useStore } from 'zustand';
import { OnScreenKeyboard } from '../components/keyboard/OnScreenKeyboard.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { techForm } from './technician-form.ts';

/** The on-screen keyboard, docked under the technician screens while a field is being typed into. */
export function TechKeyboard() {
  const { t } = useCitizenTranslation();
  const active = useStore(techForm, (s) => s.active);
  const layout = useStore(techForm, (s) => s.layout);
  const shift = useStore(techForm, (s) => s.shift);
  if (active === null) return null;
  return (
    <div className="tech-keyboard">
      <OnScreenKeyboard layout={layout} shift={shift} onKey={(action) => techForm.getState().press(action)} />
      <button type="button" className="secondary-button" onClick={() => techForm.getState().hideKeyboard()}>
        {t('technician.keyboard.hide')}
      </button>
    </div>
  );
}
