/**
 * The service's recent log events, kept in memory for the technician's
 * health screen. Each line goes through the same redacting logger as the
 * service log (common/log.ts: personal keys and anything shaped like a RUN, e-mail
 * or phone replaced) before it is kept, so the screen shows exactly what the
 * log would, never more. Nothing is written to disk here.
 */
import type { RecentEvent } from '../../contract/index.ts';
import { createLogger, type Logger } from '../../../common/log.ts';

export const RECENT_EVENTS_KEPT = 200;

export interface RecordingLogger {
  /** Logs to `inner` and keeps the redacted line. */
  readonly log: Logger;
  /** Newest first. */
  recent(): RecentEvent[];
}

const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

function toEvent(line: string): RecentEvent | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { t, level, component: _component, event, ...rest } = parsed;
  if (typeof t !== 'string' || typeof level !== 'string' || !LEVELS.has(level) || typeof event !== 'string') return null;
  const fields: RecentEvent['fields'] = {};
  for (const [key, value] of Object.entries(rest).slice(0, 20)) {
    const safeKey = key.slice(0, 64);
    if (typeof value === 'string') fields[safeKey] = value.slice(0, 300);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) fields[safeKey] = value;
  }
  return { at: t, level: level as RecentEvent['level'], event: event.slice(0, 100), fields };
}

export function recordingLogger(inner: Logger, capacity = RECENT_EVENTS_KEPT): RecordingLogger {
  const kept: RecentEvent[] = [];
  const redacting = createLogger((line) => {
    const event = toEvent(line);
    if (event === null) return;
    kept.push(event);
    if (kept.length > capacity) kept.splice(0, kept.length - capacity);
  }, 'service');
  return {
    log: {
      log(level, event, fields) {
        inner.log(level, event, fields);
        // debug lines are many and say little to a technician.
        if (level !== 'debug') redacting.log(level, event, fields);
      },
    },
    recent: () => [...kept].reverse(),
  };
}
