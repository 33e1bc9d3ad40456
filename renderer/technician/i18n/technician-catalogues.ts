import type { Language } from '../../../electron/contract/app.ts';
import { technicianEn } from './technician-en.ts';
import { type TechnicianCatalogue, technicianEsCL } from './technician-es-CL.ts';
import { technicianHt } from './technician-ht.ts';

/** Technician mode's texts in every language: loaded with technician mode's chunk, never with the citizen's first screen. */
export const TECHNICIAN_CATALOGUES: Readonly<Record<Language, TechnicianCatalogue>> = { 'es-CL': technicianEsCL, en: technicianEn, ht: technicianHt };
