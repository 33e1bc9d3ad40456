import { useFirstScreenTranslation } from '../i18n/use-citizen-translation.ts';

/**
 * A value the service masked (`v***@correo.cl`, `+56 9 **** **78`). Shown as
 * it is; read out with the hidden part named rather than as "star star star"
 * (EN 301 549 5.1.3.8: masked entry is spoken as masked).
 */
export function MaskedText({ value }: { readonly value: string }) {
  const { t } = useFirstScreenTranslation();
  const spoken = value
    .split(/(\*+)/)
    .filter((part) => part !== '')
    .map((part) => (part.startsWith('*') ? ` ${t('masked.hidden')} ` : part))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return (
    <span className="masked-text">
      <span aria-hidden="true">{value}</span>
      <span className="visually-hidden">{spoken}</span>
    </span>
  );
}
