/**
 * Civil Digital may verify a RUN typed on the kiosk's keypad and a finger,
 * without the card (domain/verification.ts). A token records whether its
 * verification held the card: one-step activation (ChileAtiende, card and
 * finger only) refuses a token that did not.
 */
export default {
  version: 6,
  name: '0006-typed-run-verification',
  sql: /* sql */ `
ALTER TABLE verification_tokens ADD COLUMN card_read INTEGER NOT NULL DEFAULT 1 CHECK (card_read IN (0, 1));
`,
} as const;
