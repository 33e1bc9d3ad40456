import type { FINGER_NAMES } from '../../common/fingers.ts';

type FingerName = (typeof FINGER_NAMES)[number];
type Digit = 'thumb' | 'index' | 'middle' | 'ring' | 'little';

/** The back of a right hand, fingers up, thumb on the left; the left hand is its mirror image. */
const DIGITS: Readonly<Record<Digit, string>> = {
  thumb: 'M37 77L20 52l-8 6 17 25z',
  index: 'M32 18h10v38H32z',
  middle: 'M45 10h10v46H45z',
  ring: 'M58 14h10v42H58z',
  little: 'M71 26h9v30h-9z',
};

/**
 * Which finger to use, drawn: the named finger filled, the others outlined.
 * Decorative for assistive technology, since the text names the finger.
 */
export function FingerDiagram({ finger }: { readonly finger: FingerName }) {
  const [hand, digit] = finger.split('-') as ['left' | 'right', Digit];
  return (
    <svg className="finger-diagram" viewBox="0 0 94 104" aria-hidden="true" focusable="false">
      <g transform={hand === 'left' ? 'translate(94 0) scale(-1 1)' : undefined}>
        <path className="hand-palm" d="M30 56h51v26c0 10-6 18-16 18H44c-9 0-14-7-14-16z" />
        {(Object.keys(DIGITS) as Digit[]).map((name) => (
          <path key={name} className={name === digit ? 'hand-digit hand-digit-chosen' : 'hand-digit'} d={DIGITS[name]} />
        ))}
      </g>
    </svg>
  );
}
