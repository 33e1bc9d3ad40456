/** Every migration, in order. Append; never edit one that has shipped. */
import type { Migration } from '../migrate.ts';
import registry from './0001-registry.ts';
import enrollment from './0002-enrollment.ts';
import kiosks from './0003-kiosks.ts';
import auditSubject from './0004-audit-subject.ts';
import fingerprintEnrolments from './0005-fingerprint-enrolments.ts';
import typedRunVerification from './0006-typed-run-verification.ts';
import openidProvider from './0008-openid-provider.ts';

// Stand-in for 0007, which another branch adds at the same time: the merge replaces this line with it.
const pending0007: Migration = { version: 7, name: '0007-pending', sql: '' };

export const MIGRATIONS: readonly Migration[] = [
  registry,
  enrollment,
  kiosks,
  auditSubject,
  fingerprintEnrolments,
  typedRunVerification,
  pending0007,
  openidProvider,
];
