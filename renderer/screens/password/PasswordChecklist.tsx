import { Icon, type IconName } from '../../components/Icon.tsx';
import { useCitizenTranslation } from '../../i18n/use-citizen-translation.ts';
import {
  type ChecklistItem,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordRule,
  type PasswordStrength,
  type RepeatState,
  type RuleState,
  STRENGTH_LEVELS,
} from './password-checklist.ts';

const STATE_ICONS: Record<RuleState, IconName> = { met: 'check', unmet: 'circle', guidance: 'info', rejected: 'close' };

/**
 * The central's rules as a checklist that follows the typing. Each item says
 * its state in words as well as by icon (WCAG 1.4.1); the list is not a live
 * region, so typing is not interrupted by announcements.
 */
export function PasswordChecklist({ items, id }: { readonly items: readonly ChecklistItem[]; readonly id: string }) {
  const { t } = useCitizenTranslation();
  return (
    <div className="password-rules" id={id}>
      <p className="section-title">{t('password.rulesTitle')}</p>
      <ul className="checklist">
        {items.map(({ rule, state }) => (
          <li key={rule} className={`checklist-item checklist-item-${state}`}>
            <Icon name={STATE_ICONS[state]} />
            <span>
              {t(`password.rules.${rule}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
              <span className="checklist-state">{t(`password.ruleState.${state}`)}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The strength estimate in words, with a bar of five cells for those who glance. */
export function StrengthMeter({ strength }: { readonly strength: PasswordStrength }) {
  const { t } = useCitizenTranslation();
  const level = STRENGTH_LEVELS.indexOf(strength);
  return (
    <div className={`strength strength-${strength}`}>
      <div className="strength-bar" aria-hidden="true">
        {STRENGTH_LEVELS.map((cell, index) => (
          <span key={cell} className={index <= level ? 'strength-cell strength-cell-on' : 'strength-cell'} />
        ))}
      </div>
      <p aria-live="polite">{strength === 'empty' ? '' : `${t('password.strength.label')}: ${t(`password.strength.${strength}`)}`}</p>
    </div>
  );
}

/**
 * The rules the typed password breaks now, right under the field (inside its
 * box, so it stays above the docked keyboard as the field scrolls into view);
 * or, once it breaks none, that it meets them all.
 */
export function BrokenRules({ rules, allMet }: { readonly rules: readonly PasswordRule[]; readonly allMet: boolean }) {
  const { t } = useCitizenTranslation();
  if (rules.length === 0) {
    return allMet ? (
      <p className="password-live password-live-ok">
        <Icon name="check" />
        {t('password.allRulesMet')}
      </p>
    ) : null;
  }
  return (
    <div className="password-live password-live-broken">
      <p className="password-live-title">{t('password.brokenTitle')}</p>
      <ul aria-label={t('password.brokenTitle')}>
        {rules.map((rule) => (
          <li key={rule}>
            <Icon name="close" />
            {t(`password.rules.${rule}`, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Whether the second field matches the first, said in words (announced when it changes). */
export function RepeatStatus({ state }: { readonly state: RepeatState }) {
  const { t } = useCitizenTranslation();
  return (
    <p className={`password-live password-repeat-${state}`} aria-live="polite">
      {state === 'empty' ? null : (
        <>
          <Icon name={state === 'matches' ? 'check' : 'close'} />
          {t(`password.repeat.${state}`)}
        </>
      )}
    </p>
  );
}
