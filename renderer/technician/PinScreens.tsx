import { useEffect, useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { KioskError } from '../../electron/contract/errors.ts';
import type { TechnicianStatus } from '../../electron/contract/technician.ts';
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

/** First-run provisioning: the first technician chooses the PIN, typed twice. */
export function PinSetupView({ technician, onStatus }: PinViewProps) {
  const { t } = useCitizenTranslation();
  const [first, setFirst] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<KioskError | null>(null);
  const [sending, setSending] = useState(false);

  async function save(confirmation: string, chosen: string) {
    setSending(true);
    setPin('');
    setFirst(null);
    const result = await technician.setPin({ pin: chosen, confirmation });
    setSending(false);
    if (result.ok) onStatus(result.value);
    else setError(result.error);
  }

  const confirming = first !== null;
  return (
    <section className="tech-pin-view" aria-labelledby="tech-pin-title">
      <h2 id="tech-pin-title">{confirming ? t('technician.pin.confirmTitle') : t('technician.pin.setupTitle')}</h2>
      <p>{confirming ? t('technician.pin.confirmLead') : t('technician.pin.setupLead')}</p>
      <Refusal error={error} />
      <PinPad
        pin={pin}
        disabled={sending}
        onKey={(key: PinKey) => setPin((current) => pressPinKey(current, key))}
        submitLabel={confirming ? t('technician.pin.save') : t('technician.pin.next')}
        onSubmit={() => {
          setError(null);
          if (first === null) {
            setFirst(pin);
            setPin('');
          } else void save(pin, first);
        }}
      />
    </section>
  );
}

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
