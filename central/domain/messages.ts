/**
 * What central sends a citizen by e-mail or SMS, in the language the citizen
 * used at the kiosk (es-CL, en or ht; Spanish when a request names none, as
 * the web form does). A message never contains a password except the one
 * whose purpose is to deliver a generated password. SMS texts avoid
 * accents in the service's name, as the real service writes it for GSM-7.
 */
import { z } from 'zod';
import type { MessageChannel, OutgoingMessage } from './mailbox.ts';

export const MESSAGE_LANGUAGES = ['es-CL', 'en', 'ht'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];
export const messageLanguageSchema = z.enum(MESSAGE_LANGUAGES);
export const DEFAULT_MESSAGE_LANGUAGE: MessageLanguage = 'es-CL';

/** Why a deferred enrollment was not completed; anything else gets the general text. */
export type DeferredFailureReason = 'no_match' | 'identity_locked' | 'already_has_account' | 'card_expired' | 'card_blocked' | 'image_unusable' | 'under_age';

interface MessageTexts {
  readonly passwordSubject: string;
  readonly passwordEmail: (password: string) => string;
  readonly passwordSms: (password: string) => string;
  readonly activatedSubject: string;
  readonly activatedBody: string;
  readonly failedSubject: string;
  readonly failedEmailLead: string;
  readonly failedSmsLead: string;
  readonly failures: Readonly<Record<DeferredFailureReason, string>>;
  readonly failureDefault: string;
}

const TEXTS: Readonly<Record<MessageLanguage, MessageTexts>> = {
  'es-CL': {
    passwordSubject: 'Tu contraseña de ClaveÚnica',
    passwordEmail: (password) =>
      `Tu ClaveÚnica está activa. Tu contraseña es: ${password}\n` +
      'Escríbela tal como aparece, con los guiones. Cámbiala después de tu primer ingreso en claveunica.gob.cl. ' +
      'Guárdala en un lugar seguro; nadie del Estado te la pedirá.',
    passwordSms: (password) => `ClaveUnica activa. Tu contraseña: ${password} (con los guiones). Cámbiala al ingresar por primera vez. No la compartas.`,
    activatedSubject: 'Tu ClaveÚnica fue activada',
    activatedBody: 'Tu ClaveÚnica quedó activa. Si no la activaste tú, acude a una oficina del Registro Civil.',
    failedSubject: 'Tu solicitud de ClaveÚnica no pudo completarse',
    failedEmailLead: 'Tu solicitud de ClaveÚnica hecha en un tótem no pudo completarse.',
    failedSmsLead: 'ClaveUnica: tu solicitud no pudo completarse.',
    failures: {
      no_match:
        'La huella capturada no coincidió con la registrada para tu cédula. Acude a un tótem o a una oficina del Registro Civil para intentarlo nuevamente.',
      identity_locked:
        'La verificación por huella está bloqueada por intentos fallidos. Acude a una oficina del Registro Civil con tu cédula para desbloquearla.',
      already_has_account: 'Ya tienes ClaveÚnica. Si no la recuerdas, recupérala en claveunica.gob.cl.',
      card_expired: 'Tu cédula está vencida. Renuévala en el Registro Civil y vuelve a intentarlo.',
      card_blocked: 'Tu cédula figura bloqueada. Acude al Registro Civil.',
      image_unusable:
        'La imagen de tu huella no tuvo la calidad necesaria para compararla. Acude a un tótem o a una oficina del Registro Civil para intentarlo nuevamente.',
      under_age: 'La ClaveÚnica se obtiene desde los 18 años.',
    },
    failureDefault: 'No pudimos verificar los datos capturados. Acude a un tótem o a una oficina del Registro Civil con tu cédula para intentarlo nuevamente.',
  },
  en: {
    passwordSubject: 'Your ClaveÚnica password',
    passwordEmail: (password) =>
      `Your ClaveÚnica is active. Your password is: ${password}\n` +
      'Type it exactly as shown, hyphens included. Change it after you first sign in at claveunica.gob.cl. ' +
      'Keep it somewhere safe; no government official will ever ask you for it.',
    passwordSms: (password) => `ClaveUnica active. Your password: ${password} (with the hyphens). Change it when you first sign in. Do not share it.`,
    activatedSubject: 'Your ClaveÚnica has been activated',
    activatedBody: 'Your ClaveÚnica is now active. If you did not activate it, go to a Registro Civil office.',
    failedSubject: 'Your ClaveÚnica request could not be completed',
    failedEmailLead: 'Your ClaveÚnica request made at a kiosk could not be completed.',
    failedSmsLead: 'ClaveUnica: your request could not be completed.',
    failures: {
      no_match: 'The fingerprint captured did not match the one on record for your ID card. Go to a kiosk or a Registro Civil office to try again.',
      identity_locked: 'Fingerprint verification is locked after failed attempts. Go to a Registro Civil office with your ID card to unlock it.',
      already_has_account: 'You already have a ClaveÚnica. If you do not remember it, recover it at claveunica.gob.cl.',
      card_expired: 'Your ID card has expired. Renew it at the Registro Civil and try again.',
      card_blocked: 'Your ID card is listed as blocked. Go to the Registro Civil.',
      image_unusable: 'The image of your fingerprint was not clear enough to compare. Go to a kiosk or a Registro Civil office to try again.',
      under_age: 'ClaveÚnica is available from the age of 18.',
    },
    failureDefault: 'We could not verify the data captured. Go to a kiosk or a Registro Civil office with your ID card to try again.',
  },
  ht: {
    passwordSubject: 'Modpas ClaveÚnica ou',
    passwordEmail: (password) =>
      `ClaveÚnica ou aktive. Modpas ou se: ${password}\n` +
      'Ekri l egzakteman jan li parèt la, ak tirè yo. Chanje l apre premye fwa ou konekte sou claveunica.gob.cl. ' +
      'Kenbe l yon kote ki an sekirite; pèsonn nan Leta p ap janm mande w li.',
    passwordSms: (password) => `ClaveUnica aktive. Modpas ou: ${password} (ak tirè yo). Chanje l premye fwa ou konekte. Pa bay pèsonn li.`,
    activatedSubject: 'ClaveÚnica ou aktive',
    activatedBody: 'ClaveÚnica ou aktive kounye a. Si se pa ou ki te aktive l, ale nan yon biwo Registro Civil.',
    failedSubject: 'Demann ClaveÚnica ou a pa t ka fini',
    failedEmailLead: 'Demann ClaveÚnica ou te fè nan yon kyòs la pa t ka fini.',
    failedSmsLead: 'ClaveUnica: demann ou a pa t ka fini.',
    failures: {
      no_match:
        'Anprent dwèt yo pran an pa t koresponn ak sa ki anrejistre pou kat idantite ou. Ale nan yon kyòs oswa nan yon biwo Registro Civil pou eseye ankò.',
      identity_locked: 'Verifikasyon anprent dwèt la bloke apre plizyè tantativ ki echwe. Ale nan yon biwo Registro Civil ak kat idantite ou pou debloke l.',
      already_has_account: 'Ou gen yon ClaveÚnica deja. Si ou pa sonje l, rekipere l sou claveunica.gob.cl.',
      card_expired: 'Kat idantite ou ekspire. Renouvle l nan Registro Civil epi eseye ankò.',
      card_blocked: 'Kat idantite ou parèt bloke. Ale nan Registro Civil.',
      image_unusable: 'Imaj anprent dwèt ou a pa t klè ase pou konpare l. Ale nan yon kyòs oswa nan yon biwo Registro Civil pou eseye ankò.',
      under_age: 'Ou ka jwenn ClaveÚnica apati 18 an.',
    },
    failureDefault: 'Nou pa t kapab verifye done yo te pran yo. Ale nan yon kyòs oswa nan yon biwo Registro Civil ak kat idantite ou pou eseye ankò.',
  },
};

export function passwordDelivery(channel: MessageChannel, recipient: string, password: string, language: MessageLanguage): OutgoingMessage {
  const t = TEXTS[language];
  return channel === 'email'
    ? { channel, recipient, kind: 'generated_password', subject: t.passwordSubject, body: t.passwordEmail(password) }
    : { channel, recipient, kind: 'generated_password', body: t.passwordSms(password) };
}

export function activationNotice(email: string, language: MessageLanguage): OutgoingMessage {
  const t = TEXTS[language];
  return { channel: 'email', recipient: email, kind: 'account_activated', subject: t.activatedSubject, body: t.activatedBody };
}

export function deferredFailureNotice(channel: MessageChannel, recipient: string, reason: string, language: MessageLanguage): OutgoingMessage {
  const t = TEXTS[language];
  const text = Object.hasOwn(t.failures, reason) ? t.failures[reason as DeferredFailureReason] : t.failureDefault;
  return channel === 'email'
    ? { channel, recipient, kind: 'deferred_enrollment_failed', subject: t.failedSubject, body: `${t.failedEmailLead} ${text}` }
    : { channel, recipient, kind: 'deferred_enrollment_failed', body: `${t.failedSmsLead} ${text}` };
}
