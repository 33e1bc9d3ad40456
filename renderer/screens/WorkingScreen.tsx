import { SessionScreen } from '../components/SessionScreen.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';

type WorkingStep = 'verifying' | 'issuingCode' | 'printing' | 'activating' | 'deferring';

/**
 * Steps where the service works and the citizen waits (a call to central, the
 * printer). The whole explanation is the status message, announced once.
 */
function WorkingScreen({ step }: { readonly step: WorkingStep }) {
  const { t } = useCitizenTranslation();
  return (
    <SessionScreen title={t(`working.${step}.title`)} exit="cancel" busyStatus={false}>
      <div className="working">
        <Spinner large />
        <p className="lead" role="status">
          {t(`working.${step}.body`)}
        </p>
      </div>
      <p className="hint">{t('working.wait')}</p>
    </SessionScreen>
  );
}

export const VerifyingScreen = () => <WorkingScreen step="verifying" />;
export const IssuingCodeScreen = () => <WorkingScreen step="issuingCode" />;
export const PrintingScreen = () => <WorkingScreen step="printing" />;
export const ActivatingScreen = () => <WorkingScreen step="activating" />;
export const DeferringScreen = () => <WorkingScreen step="deferring" />;
