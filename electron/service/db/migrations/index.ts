import type { Migration } from '../migrate.ts';
import { migration0001 } from './0001-kiosk.ts';

/** In order; a migration once released is never edited, only followed by another. */
export const KIOSK_MIGRATIONS: readonly Migration[] = [migration0001];
