import type { TFunction } from 'i18next';
import type { OutOfService, OutOfServiceReason } from '../../electron/contract/session.ts';

/** Each reason's catalogue entry; central down (Civil Digital) is the welcome's "no codes" notice it always was. */
const REASON_KEYS = {
  'device:fingerprint': 'kioskStatus.outOfService.reasons.fingerprint',
  'device:cardReader': 'kioskStatus.outOfService.reasons.cardReader',
  'device:printer': 'kioskStatus.outOfService.reasons.printer',
  central: 'kioskStatus.noCodes',
  storage: 'kioskStatus.outOfService.reasons.storage',
  directive: 'kioskStatus.outOfService.reasons.directive',
} as const satisfies Record<OutOfServiceReason, string>;

export interface OutOfServiceText {
  readonly reasons: readonly { readonly reason: OutOfServiceReason; readonly title: string; readonly body: string }[];
  /** Where to go instead: the office central or the configuration named, else a sentence that fits the reasons. */
  readonly where: string;
}

/** What the out-of-service screen says, and its spoken guidance reads, in plain words. */
export function outOfServiceText(outOfService: OutOfService, t: TFunction<'translation'>): OutOfServiceText {
  const reasons = outOfService.reasons.map((reason) => ({ reason, title: t(`${REASON_KEYS[reason]}.title`), body: t(`${REASON_KEYS[reason]}.body`) }));
  const where =
    outOfService.office !== null
      ? t('kioskStatus.outOfService.office', { office: outOfService.office })
      : outOfService.reasons.includes('central')
        ? t('kioskStatus.noCodes.where')
        : t('kioskStatus.outOfService.where');
  return { reasons, where };
}
