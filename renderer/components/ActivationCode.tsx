import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';

/**
 * The activation code in large grouped characters. Its alphabet has no 0/O,
 * 1/I/L (electron/contract/session.ts), so what is copied by hand is what
 * was issued. A screen reader spells it character by character, group by
 * group, instead of trying to pronounce "ABCD".
 */
export function ActivationCode({ code }: { readonly code: string }) {
  const { t } = useCitizenTranslation();
  const groups = code.split('-');
  const spelled = groups.map((group) => [...group].join(' ')).join(', ');
  return (
    <p className="activation-code">
      <span className="visually-hidden">{t('codeOnScreen.spoken', { code: spelled })}</span>
      <span className="activation-code-groups" aria-hidden="true">
        {groups.map((group, index) => (
          <span key={`${index}-${group}`} className="activation-code-group">
            {group}
          </span>
        ))}
      </span>
    </p>
  );
}
