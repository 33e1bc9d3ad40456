import { useEffect, useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import { type KioskError, kioskError } from '../../electron/contract/errors.ts';
import { type TechnicianStatus, technicianPinProblem } from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { countdownText, type PinKey, pressPinKey, secondsLeft } from './pin-entry.ts';
import { PinPad } from './PinPad.tsx';
import { errorKey } from './technician-text.ts';

type Technician = KioskApi['technician'];

interface PinViewProps {
  readonly technician: Technician;
  readonly status: TechnicianStatus;
  /** The service answered with a new status (entered, or after a refusal). */
  readonly onStatus: (status: TechnicianStatus) => void;
  readonly refresh: () => void;
}

function Refusal({ error }: { readonly error: KioskError | null }) {
  const { t } = useCitizenTranslation();
  return (
    <div role="alert" className="tech-alert-region">
      {error === null ? null : <p className="tech-alert">{t(errorKey(error), { defaultValue: t('errors.internal') })}</p>}
    </div>
  );
}

/** The console command that provisions the first PIN: a command, not words, so every catalogue shows it as it is. */
export const SET_PIN_COMMAND = 'kioskctl technician set-pin';

/**
 * No PIN yet: technician mode is not set up, and the touch screen cannot set
 * it up (whoever touched it first would own the kiosk). It says how: the
 * command on the kiosk's console.
 */
export function NotSetUpView() {
  const { t } = useCitizenTranslation();
  return (
    <section className="tech-pin-view" aria-labelledby="tech-pin-title">
      <h2 id="tech-pin-title">{t('technician.pin.notSetUpTitle')}</h2>
      <p>{t('technician.pin.notSetUpLead')}</p>
      <p>{t('technician.pin.notSetUpHow')}</p>
      <p>
        <code className="tech-mono">{SET_PIN_COMMAND}</code>
      </p>
      <p className="tech-hint">{t('technician.pin.notSetUpGuide')}</p>
    </section>
  );
}

type ChangeStage = 'current' | 'new' | 'confirm';

/**
 * Changing the PIN inside technician mode: the PIN in use, then the new one
 * (refused at once when it is too easy to guess), then the new one again.
 * A wrong PIN in use counts towards the lock like a wrong entry.
 */
export function ChangePinView({ technician }: { readonly technician: Technician }) {
  const { t } = useCitizenTranslation();
  const [stage, setStage] = useState<ChangeStage>('current');
  const [currentPin, setCurrentPin] = useState('');
  const [newPin, setNewPin] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<KioskError | null>(null);
  const [changed, setChanged] = useState(false);
  const [sending, setSending] = useState(false);

  const startOver = (from: ChangeStage) => {
    setStage(from);
    setPin('');
    if (from === 'current') setCurrentPin('');
    setNewPin('');
  };

  async function save(confirmation: string) {
    setSending(true);
    const result = await technician.changePin({ currentPin, pin: newPin, confirmation });
    setSending(false);
    if (result.ok) {
      setChanged(true);
      startOver('current');
      return;
    }
    setError(result.error);
    startOver(result.error.code === 'technician.pin_wrong' ? 'current' : 'new');
  }

  function submit() {
    const typed = pin;
    setPin('');
    setError(null);
    setChanged(false);
    if (stage === 'current') {
      setCurrentPin(typed);
      setStage('new');
      return;
    }
    if (stage === 'new') {
      const problem = technicianPinProblem(typed);
      if (problem !== null) {
        setError(localError(problem));
        return;
      }
      setNewPin(typed);
      setStage('confirm');
      return;
    }
    if (typed !== newPin) {
      setError(localError('technician.pin_mismatch'));
      startOver('new');
      return;
    }
    void save(typed);
  }

  const titles = { current: 'changeCurrentTitle', new: 'changeNewTitle', confirm: 'confirmTitle' } as const;
  const leads = { current: 'changeCurrentLead', new: 'changeNewLead', confirm: 'confirmLead' } as const;
  return (
    <section className="tech-pin-view" aria-labelledby="tech-change-pin-title">
      <h3 id="tech-change-pin-title">{t(`technician.pin.${titles[stage]}`)}</h3>
      <p>{t(`technician.pin.${leads[stage]}`)}</p>
      <Refusal error={error} />
      <div role="status" className="tech-alert-region">
        {changed ? <p className="tech-notice">{t('technician.pin.changed')}</p> : null}
      </div>
      <PinPad
        pin={pin}
        disabled={sending}
        onKey={(key: PinKey) => setPin((current) => pressPinKey(current, key))}
        submitLabel={stage === 'confirm' ? t('technician.pin.save') : t('technician.pin.next')}
        onSubmit={submit}
      />
    </section>
  );
}

/** A refusal the screen knows before asking the service: the same error the service would answer. */
const localError = kioskError;

/** The PIN, with the attempts left before the lock. */
export function PinEntryView({ technician, status, onStatus, refresh }: PinViewProps) {
  const { t } = useCitizenTranslation();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<KioskError | null>(null);
  const [sending, setSending] = useState(false);

  async function enter() {
    const typed = pin;
    setPin('');
    setSending(true);
    setError(null);
    const result = await technician.enter({ pin: typed });
    setSending(false);
    if (result.ok) return onStatus(result.value);
    setError(result.error);
    refresh();
  }

  return (
    <section className="tech-pin-view" aria-labelledby="tech-pin-title">
      <h2 id="tech-pin-title">{t('technician.pin.enterTitle')}</h2>
      <p>{t('technician.pin.enterLead')}</p>
      <Refusal error={error} />
      {status.attemptsLeft < 5 ? <p className="tech-attempts">{t('technician.pin.attemptsLeft', { count: status.attemptsLeft })}</p> : null}
      <PinPad
        pin={pin}
        disabled={sending}
        onKey={(key) => setPin((current) => pressPinKey(current, key))}
        submitLabel={t('technician.pin.enter')}
        onSubmit={() => void enter()}
      />
    </section>
  );
}

/** Locked after too many wrong PINs: a countdown to when the PIN may be tried again. */
export function LockedView({ status, refresh }: PinViewProps) {
  const { t } = useCitizenTranslation();
  const [fetchedAt] = useState(() => performance.now());
  const [now, setNow] = useState(() => performance.now());
  const total = status.lockoutSecondsLeft ?? 0;
  const left = secondsLeft(total, now - fetchedAt);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left === 0) refresh();
  }, [left, refresh]);
  return (
    <section className="tech-pin-view" aria-labelledby="tech-pin-title">
      <h2 id="tech-pin-title">{t('technician.pin.lockedTitle')}</h2>
      <p role="alert" className="tech-alert">
        {t('technician.pin.lockedLead')}
      </p>
      <p>{t('technician.pin.lockedCountdown', { time: countdownText(left) })}</p>
      <p className="tech-countdown" role="timer" aria-label={t('technician.pin.lockedTimer')}>
        {countdownText(left)}
      </p>
    </section>
  );
}
