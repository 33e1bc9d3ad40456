import type { LogFields, Logger, LogLevel } from '../../../common/log.ts';

export interface RecordedLine {
  readonly level: LogLevel;
  readonly event: string;
  readonly fields: LogFields;
}

/** A Logger that keeps every line, so tests can assert what was (and was not) logged. */
export function recordingLogger(): Logger & { readonly lines: RecordedLine[]; text(): string } {
  const lines: RecordedLine[] = [];
  return {
    lines,
    log(level, event, fields = {}) {
      lines.push({ level, event, fields });
    },
    text: () => JSON.stringify(lines),
  };
}
