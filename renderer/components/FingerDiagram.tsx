import type { FINGER_NAMES } from '../../common/fingers.ts';

type FingerName = (typeof FINGER_NAMES)[number];
type Hand = 'left' | 'right';
type Digit = 'thumb' | 'index' | 'middle' | 'ring' | 'little';

/** The back of a right hand, fingers up, thumb on the left; the left hand is its mirror image. */
const DIGITS: Readonly<Record<Digit, string>> = {
  thumb: 'M37 77L20 52l-8 6 17 25z',
  index: 'M32 18h10v38H32z',
  middle: 'M45 10h10v46H45z',
  ring: 'M58 14h10v42H58z',
  little: 'M71 26h9v30h-9z',
};
const DIGIT_ORDER: readonly Digit[] = ['thumb', 'index', 'middle', 'ring', 'little'];

function split(finger: FingerName): [Hand, Digit] {
  return finger.split('-') as [Hand, Digit];
}

/** One hand, drawn: the named finger filled, enrolled ones marked, the others outlined. */
function HandDrawing({ hand, chosen, enrolled }: { readonly hand: Hand; readonly chosen: FingerName; readonly enrolled: readonly FingerName[] }) {
  const digitClass = (digit: Digit): string => {
    const finger = `${hand}-${digit}` as FingerName;
    if (finger === chosen) return 'hand-digit hand-digit-chosen';
    return enrolled.includes(finger) ? 'hand-digit hand-digit-enrolled' : 'hand-digit';
  };
  return (
    <svg className="finger-diagram" viewBox="0 0 94 104" aria-hidden="true" focusable="false">
      <g transform={hand === 'left' ? 'translate(94 0) scale(-1 1)' : undefined}>
        <path className="hand-palm" d="M30 56h51v26c0 10-6 18-16 18H44c-9 0-14-7-14-16z" />
        {DIGIT_ORDER.map((digit) => (
          <path key={digit} className={digitClass(digit)} d={DIGITS[digit]} />
        ))}
      </g>
    </svg>
  );
}

export interface FingerDiagramProps {
  readonly finger: FingerName;
  /** The fingers central holds for this person; with more than one, each is a button. */
  readonly enrolled?: readonly FingerName[];
  /** The accessible name of each finger's button (the catalogue's finger name, as a label). */
  readonly fingerLabel?: (finger: FingerName) => string;
  /** Label of the group of finger buttons. */
  readonly chooseLabel?: string;
  readonly onChoose?: (finger: FingerName) => void;
  readonly disabled?: boolean;
}

/**
 * Which finger to use. With one finger known, the hand holding it is drawn
 * and the text names it (the drawing is decorative). When central says
 * several fingers are enrolled, both hands are drawn and each enrolled finger
 * is a button under its hand, named ("Índice derecho") and the finger in use
 * pressed (aria-pressed), so the choice works by touch, keyboard and screen
 * reader alike; fingers not enrolled are never offered.
 */
export function FingerDiagram({ finger, enrolled = [], fingerLabel, chooseLabel, onChoose, disabled = false }: FingerDiagramProps) {
  const [hand] = split(finger);
  if (enrolled.length < 2 || onChoose === undefined || fingerLabel === undefined) {
    return <HandDrawing hand={hand} chosen={finger} enrolled={[]} />;
  }
  const hands: readonly Hand[] = ['left', 'right'];
  return (
    <div className="hand-chooser" role="group" aria-label={chooseLabel}>
      {hands.map((side) => {
        const offered = enrolled.filter((f) => split(f)[0] === side).sort((a, b) => DIGIT_ORDER.indexOf(split(a)[1]) - DIGIT_ORDER.indexOf(split(b)[1]));
        return (
          <div key={side} className="hand-column">
            <HandDrawing hand={side} chosen={finger} enrolled={enrolled} />
            <div className="hand-fingers">
              {offered.map((f) => (
                <button
                  key={f}
                  type="button"
                  className="choice-button finger-choice"
                  aria-pressed={f === finger}
                  disabled={disabled}
                  onClick={() => {
                    if (f !== finger) onChoose(f);
                  }}
                >
                  {fingerLabel(f)}
                </button>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
