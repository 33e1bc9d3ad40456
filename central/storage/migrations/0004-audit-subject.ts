/**
 * Kiosk traceability records carry the person they are about: the kiosk sends
 * the RUN sealed (HPKE, POST /v1/audit-events `subject`), central opens it and
 * keeps it here in canonical form ('15234871-1'), next to the record, so the
 * record answers Decreto 9's "user identifier and UTC timestamp" while the
 * kiosk's queue never held the RUN in the clear. NULL for records about no
 * person (service start, device events).
 */
export default {
  version: 4,
  name: '0004-audit-subject',
  sql: /* sql */ `
ALTER TABLE kiosk_audit_events ADD COLUMN run TEXT;
CREATE INDEX kiosk_audit_events_by_run ON kiosk_audit_events(run);
`,
} as const;
