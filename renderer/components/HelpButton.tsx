import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { useSessionStep } from '../store/hooks.ts';
import { DialogButton } from './DialogButton.tsx';

/**
 * "Help" in the same place on every screen (WCAG 3.2.6 Consistent Help):
 * what this step asks for, and how to reach the office staff.
 */
export function HelpButton() {
  const { t } = useFirstScreenTranslation();
  const step = useSessionStep() ?? 'idle';
  return (
    <DialogButton icon="help" label={t('help.open')} title={t('help.title')} className="choice-button help-button">
      {() => (
        <div className="dialog-body">
          <p>{t(`help.steps.${step}`)}</p>
          <p>{t('help.staff')}</p>
        </div>
      )}
    </DialogButton>
  );
}
