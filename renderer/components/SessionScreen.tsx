import type { ReactNode } from 'react';
import { useCitizenCommands } from '../citizen-commands.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { useActionsLocked } from '../store/hooks.ts';
import { BusyStatus } from './BusyStatus.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { Icon, type IconName } from './Icon.tsx';
import { ScreenFrame } from './ScreenFrame.tsx';
import { SessionControls } from './SessionControls.tsx';
import { StepIndicator } from './StepIndicator.tsx';
import type { SessionEvent } from '../../electron/contract/session.ts';

/** A step whose own way out ends the session (consent's "Rechazar"): it takes Cancel's place, so there is one such button, not two. */
export interface StepExit {
  readonly label: string;
  readonly event: SessionEvent;
}

interface SessionScreenProps {
  readonly title: string;
  readonly icon?: IconName;
  readonly children?: ReactNode;
  /** The step's own actions, at the bottom right. */
  readonly actions?: ReactNode;
  /**
   * `cancel`: a running step, which the citizen may abandon at any time.
   * `finish`: a final screen after success, acknowledged to wipe the session.
   * `home`: a failure screen; "Volver al inicio" wipes the session (no ✓: nothing was achieved).
   * A StepExit: the step's own decline, in Cancel's place.
   */
  readonly exit: 'cancel' | 'finish' | 'home' | StepExit;
  /** The on-screen keyboard, docked under the form. */
  readonly keyboard?: ReactNode;
  /** Steps whose whole content is the progress say so themselves. */
  readonly busyStatus?: boolean;
}

/**
 * The frame of every session step, so each one has the same parts in the
 * same places (WCAG 3.2.3, 3.2.6): progress, heading, error and content,
 * which scroll when long; then the action area, always on screen: Cancel
 * (or Finish) bottom left and the step's actions bottom right (on a step
 * with the on-screen keyboard, right above the keyboard); then language,
 * accessibility and help in the bar below.
 */
export function SessionScreen({ title, icon, children, actions, exit, keyboard, busyStatus = true }: SessionScreenProps) {
  const { t } = useCitizenTranslation();
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  const exitButton =
    exit === 'finish' || exit === 'home' ? (
      <button type="button" className="primary-button exit-button" disabled={locked} onClick={() => commands.send({ type: 'finish' })}>
        <Icon name={exit === 'finish' ? 'check' : 'home'} />
        {t(exit === 'finish' ? 'session.finish' : 'session.home')}
      </button>
    ) : (
      <button
        type="button"
        className="secondary-button exit-button"
        disabled={locked}
        onClick={exit === 'cancel' ? commands.cancel : () => commands.send(exit.event)}
      >
        <Icon name="close" />
        {exit === 'cancel' ? t('session.cancel') : exit.label}
      </button>
    );
  const actionRow = (
    <div className={keyboard === undefined ? 'screen-actions' : 'screen-actions screen-actions-keyboard'}>
      {exitButton}
      {actions === undefined ? null : <div className="screen-actions-main">{actions}</div>}
    </div>
  );
  return (
    <ScreenFrame
      layout="session"
      controls={<SessionControls />}
      dock={
        <>
          {actionRow}
          {keyboard}
        </>
      }
    >
      <div className="screen-body">
        <StepIndicator />
        <h1 className="title title-with-icon" tabIndex={-1}>
          {icon === undefined ? null : <Icon name={icon} className="title-icon" />}
          <span>{title}</span>
        </h1>
        <ErrorBanner />
        {busyStatus ? <BusyStatus /> : null}
        {children}
      </div>
    </ScreenFrame>
  );
}
