import { Icon, type IconName } from './Icon.tsx';

/**
 * The centred mark and heading that open the welcome, connecting and
 * unavailable screens. The heading takes focus on a new screen (ScreenFrame),
 * hence tabIndex -1.
 */
export function ScreenHero({
  icon,
  title,
  quiet = false,
  product = false,
}: {
  readonly icon: IconName;
  readonly title: string;
  readonly quiet?: boolean;
  readonly product?: boolean;
}) {
  return (
    <>
      <div className={quiet ? 'brand-mark brand-mark-quiet' : 'brand-mark'}>
        <Icon name={icon} />
      </div>
      <h1 className={product ? 'title title-product' : 'title'} tabIndex={-1}>
        {title}
      </h1>
    </>
  );
}
