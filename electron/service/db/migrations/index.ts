import type { Migration } from '../migrate.ts';
import { migration0001 } from './0001-kiosk.ts';
import { migration0002 } from './0002-technician.ts';
import { migration0003 } from './0003-heartbeat.ts';

/** In order; a migration once released is never edited, only followed by another. */
export const KIOSK_MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003];
