import { useId } from 'react';
import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';
import { Icon, type IconName } from './Icon.tsx';

type Stage = 'card' | 'finger' | 'activate';
const STAGES: ReadonlyArray<{ readonly stage: Stage; readonly icon: IconName }> = [
  { stage: 'card', icon: 'card' },
  { stage: 'finger', icon: 'fingerprint' },
  { stage: 'activate', icon: 'key' },
];

/** The whole enrollment in three pictures, so a passer-by knows what the kiosk will ask of them. */
export function JourneySteps() {
  const { t } = useFirstScreenTranslation();
  const captionId = useId();
  return (
    <section className="journey" aria-labelledby={captionId}>
      <h2 id={captionId} className="journey-caption">
        {t('attract.journeyCaption')}
      </h2>
      <ol className="journey-list">
        {STAGES.map(({ stage, icon }) => (
          <li key={stage} className="journey-stage">
            <span className="journey-icon">
              <Icon name={icon} />
            </span>
            <span>{t(`attract.journey.${stage}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
