import { useState } from 'react';
import type { KioskApi } from '../../electron/contract/api.ts';
import type { OutOfServiceReason } from '../../electron/contract/session.ts';
import type {
  ExportDiagnosticsResult,
  ExportTargets,
  HeartbeatView,
  QueueView,
  RecentEvent,
  RetryQueueResult,
  SelftestResult,
} from '../../electron/contract/technician.ts';
import { useCitizenTranslation } from '../i18n/use-citizen-translation.ts';
import { CheckLineView, FailureView, RefusedView, ResultRegion } from './Outcomes.tsx';
import { useTechnicianCall } from './use-technician-call.ts';

type Technician = KioskApi['technician'];

function QueueSummary({ queue }: { queue: QueueView }) {
  const { t } = useCitizenTranslation();
  return (
    <div className="tech-outcome">
      <p>
        {t('technician.health.pending', { count: queue.pending })} · {t('technician.health.inFlight', { count: queue.inFlight })} ·{' '}
        {t('technician.health.dead', { count: queue.dead })}
      </p>
      {queue.oldestPending === null ? null : <p>{t('technician.health.oldest', { hours: queue.oldestPending.ageHours })}</p>}
      {queue.deadRows.length === 0 ? null : (
        <>
          <h4>{t('technician.health.deadTitle')}</h4>
          <ul className="tech-list">
            {queue.deadRows.map((row) => (
              <li key={row.id} className="tech-mono">
                {t('technician.health.deadRow', { id: row.id, kind: row.kind, reason: row.reason, attempts: row.attempts, createdAt: row.createdAt })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Catalogue keys cannot hold the reason's colon (i18next's namespace separator). */
const REASON_KEYS = {
  'device:fingerprint': 'fingerprint',
  'device:cardReader': 'cardReader',
  'device:printer': 'printer',
  central: 'central',
  storage: 'storage',
  directive: 'directive',
} as const satisfies Record<OutOfServiceReason, string>;

/** Heartbeats, central's alerts and the out-of-service state, as the service last knew them. */
export function HeartbeatSummary({ view }: { view: HeartbeatView }) {
  const { t } = useCitizenTranslation();
  const { outOfService, directive } = view;
  return (
    <div className="tech-outcome">
      {view.enabled ? (
        <>
          <p>{t('technician.health.lastSent', { at: view.lastSentAt ?? t('technician.health.never') })}</p>
          <p>{t('technician.health.lastAcknowledged', { at: view.lastAcknowledgedAt ?? t('technician.health.never') })}</p>
          {view.lastFailure === null ? null : <p className="tech-alert">{t('technician.health.lastFailure', { code: view.lastFailure })}</p>}
          {view.clockSkewSeconds === null ? null : <p>{t('technician.health.clockSkew', { seconds: view.clockSkewSeconds })}</p>}
          <h4>{t('technician.health.alertsTitle')}</h4>
          {view.alerts.length === 0 ? (
            <p className="tech-ok">{t('technician.health.noAlerts')}</p>
          ) : (
            <ul className="tech-list">
              {view.alerts.map((alert) => (
                <li key={`${alert.code}-${alert.detail}`} className="tech-alert">
                  {t(`technician.health.alerts.${alert.code}`, { detail: alert.detail, since: alert.since })}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>{t('technician.health.heartbeatDisabled')}</p>
      )}
      {outOfService.reasons.length === 0 ? (
        <p className="tech-ok">{t('technician.health.inService')}</p>
      ) : (
        <>
          <p className="tech-alert">{t('technician.health.outOfService')}</p>
          <ul className="tech-list">
            {outOfService.reasons.map((reason) => (
              <li key={reason}>{t(`technician.health.reasons.${REASON_KEYS[reason]}`)}</li>
            ))}
          </ul>
          {outOfService.office === null ? null : <p>{t('technician.health.office', { office: outOfService.office })}</p>}
        </>
      )}
      {directive === null ? null : directive.outOfService ? (
        <p>{t('technician.health.directiveOn', { issuedAt: directive.issuedAt, reason: directive.reason ?? t('technician.health.noReason') })}</p>
      ) : (
        <p>{t('technician.health.directiveOff', { issuedAt: directive.issuedAt })}</p>
      )}
    </div>
  );
}

function EventLine({ event }: { event: RecentEvent }) {
  const fields = Object.entries(event.fields)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return (
    <li className={`tech-mono tech-event tech-event-${event.level}`}>
      {event.at} {event.level} {event.event} {fields}
    </li>
  );
}

/** Health: the self-test, the outbox, heartbeats and the out-of-service state, recent events, the diagnostics export. */
export function HealthPanel({ technician }: { technician: Technician }) {
  const { t } = useCitizenTranslation();
  const selftest = useTechnicianCall<SelftestResult>();
  const queue = useTechnicianCall<QueueView>();
  const retry = useTechnicianCall<RetryQueueResult>();
  const events = useTechnicianCall<{ events: RecentEvent[] }>();
  const heartbeat = useTechnicianCall<HeartbeatView>();
  const targets = useTechnicianCall<ExportTargets>();
  const exported = useTechnicianCall<ExportDiagnosticsResult>();
  const [target, setTarget] = useState<string | null>(null);
  const busy = selftest.running || retry.running || exported.running;

  return (
    <section aria-labelledby="tech-health-title" className="tech-panel">
      <h3 id="tech-health-title">{t('technician.health.title')}</h3>
      <div className="tech-actions">
        <button type="button" className="primary-button" disabled={busy} onClick={() => void selftest.run(() => technician.selftest())}>
          {t('technician.health.selftest')}
        </button>
      </div>
      <ResultRegion>
        {selftest.running ? <p>{t('technician.working')}</p> : null}
        {selftest.result === null ? null : !selftest.result.ok ? (
          <RefusedView error={selftest.result.error} />
        ) : (
          <>
            <p className={selftest.result.value.summary.selftest === 'pass' ? 'tech-ok' : 'tech-alert'}>
              {t('technician.health.selftestSummary', selftest.result.value.summary)}
            </p>
            <ul className="tech-checks" aria-label={t('technician.health.selftest')}>
              {selftest.result.value.lines.map((line) => (
                <CheckLineView key={line.check} line={line} />
              ))}
            </ul>
          </>
        )}
      </ResultRegion>

      <h3>{t('technician.health.queueTitle')}</h3>
      <div className="tech-actions">
        <button type="button" className="secondary-button" disabled={queue.running} onClick={() => void queue.run(() => technician.queue())}>
          {t('technician.health.refresh')}
        </button>
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void retry.run(() => technician.retryQueue({ includeDead: false }))}>
          {t('technician.health.retry')}
        </button>
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void retry.run(() => technician.retryQueue({ includeDead: true }))}>
          {t('technician.health.retryDead')}
        </button>
      </div>
      <ResultRegion>
        {retry.result === null ? null : !retry.result.ok ? (
          <RefusedView error={retry.result.error} />
        ) : (
          <>
            <p className="tech-ok">{t('technician.health.retried', { rescheduled: retry.result.value.rescheduled, revived: retry.result.value.revived })}</p>
            <QueueSummary queue={retry.result.value.queue} />
          </>
        )}
        {retry.result === null && queue.result !== null ? (
          queue.result.ok ? (
            <QueueSummary queue={queue.result.value} />
          ) : (
            <RefusedView error={queue.result.error} />
          )
        ) : null}
      </ResultRegion>

      <h3>{t('technician.health.heartbeatTitle')}</h3>
      <button type="button" className="secondary-button" disabled={heartbeat.running} onClick={() => void heartbeat.run(() => technician.heartbeat())}>
        {t('technician.health.heartbeatShow')}
      </button>
      <ResultRegion>
        {heartbeat.result === null ? null : heartbeat.result.ok ? (
          <HeartbeatSummary view={heartbeat.result.value} />
        ) : (
          <RefusedView error={heartbeat.result.error} />
        )}
      </ResultRegion>

      <h3>{t('technician.health.eventsTitle')}</h3>
      <button type="button" className="secondary-button" disabled={events.running} onClick={() => void events.run(() => technician.recentEvents())}>
        {t('technician.health.showEvents')}
      </button>
      <ResultRegion>
        {events.result === null ? null : !events.result.ok ? (
          <RefusedView error={events.result.error} />
        ) : events.result.value.events.length === 0 ? (
          <p>{t('technician.health.noEvents')}</p>
        ) : (
          <ul className="tech-list tech-events">
            {events.result.value.events.slice(0, 50).map((event, index) => (
              <EventLine key={`${event.at}-${index}`} event={event} />
            ))}
          </ul>
        )}
      </ResultRegion>

      <h3>{t('technician.health.exportTitle')}</h3>
      <p>{t('technician.health.exportLead')}</p>
      <button type="button" className="secondary-button" disabled={targets.running} onClick={() => void targets.run(() => technician.exportTargets())}>
        {t('technician.health.findTargets')}
      </button>
      {targets.result?.ok ? (
        <fieldset className="tech-choice tech-choice-column">
          <legend>{t('technician.health.exportTitle')}</legend>
          {targets.result.value.targets.map((option) => (
            <button key={option.path} type="button" className="choice-button" aria-pressed={target === option.path} onClick={() => setTarget(option.path)}>
              {option.kind === 'removable'
                ? t('technician.health.removable', { path: option.path })
                : t('technician.health.kioskFolder', { path: option.path })}
            </button>
          ))}
        </fieldset>
      ) : null}
      <div className="tech-actions">
        <button
          type="button"
          className="primary-button"
          disabled={busy || target === null}
          onClick={() => target !== null && void exported.run(() => technician.exportDiagnostics({ directory: target }))}
        >
          {t('technician.health.export')}
        </button>
      </div>
      <ResultRegion>
        {exported.running ? <p>{t('technician.working')}</p> : null}
        {exported.result === null ? null : !exported.result.ok ? (
          <RefusedView error={exported.result.error} />
        ) : exported.result.value.outcome === 'fail' ? (
          <FailureView failure={exported.result.value} />
        ) : (
          <p className="tech-ok">{t('technician.health.exported', { bundle: exported.result.value.bundle })}</p>
        )}
      </ResultRegion>
    </section>
  );
}
