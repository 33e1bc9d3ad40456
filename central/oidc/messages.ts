/**
 * The catalogue of the provider's pages (sign-in, challenge, lock, unlock,
 * consent, logout, errors): es-CL first and the default, en by the page's
 * `?lang=`, the request's `ui_locales` or Accept-Language. Spanish in 'tú'.
 */
export const PAGE_LANGUAGES = ['es-CL', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface PageTexts {
  readonly htmlLang: string;
  readonly otherLanguage: { readonly lang: PageLanguage; readonly label: string };
  readonly signInTitle: string;
  readonly signInLead: (client: string) => string;
  readonly runLabel: string;
  readonly runHint: string;
  readonly passwordLabel: string;
  readonly passwordHint: string;
  readonly signInButton: string;
  readonly cancel: string;
  readonly errorSummary: string;
  readonly runMissing: string;
  readonly runInvalid: string;
  readonly passwordMissing: string;
  readonly wrongCredentials: string;
  readonly challengeLead: string;
  readonly challengeWorking: string;
  readonly challengeDone: string;
  readonly challengeNoScript: (minutes: number) => string;
  readonly challengeFailed: string;
  readonly rateLimited: (until: string) => string;
  readonly lockedTitle: string;
  readonly locked: (until: string) => string;
  readonly unlockTitle: string;
  readonly unlockLead: string;
  readonly codeLabel: string;
  readonly codeHint: string;
  readonly codeInvalid: string;
  readonly codeWrong: string;
  readonly codeExpired: string;
  readonly unlockButton: string;
  readonly resendButton: string;
  readonly resent: string;
  readonly unlocked: string;
  readonly secondFactorTitle: string;
  readonly secondFactorLead: (emailHint: string) => string;
  readonly secondFactorLabel: string;
  readonly secondFactorHint: string;
  readonly secondFactorInvalid: string;
  readonly secondFactorWrong: string;
  readonly secondFactorExpired: string;
  readonly secondFactorButton: string;
  readonly consentTitle: string;
  readonly consentLead: (client: string) => string;
  readonly claims: Readonly<Record<'run' | 'name' | 'email' | 'phone', string>>;
  readonly allow: string;
  readonly deny: string;
  readonly logoutTitle: string;
  readonly logoutQuestion: string;
  readonly logoutYes: string;
  readonly logoutNo: string;
  readonly loggedOutTitle: string;
  readonly loggedOut: string;
  readonly errorTitle: string;
  readonly errorLead: string;
  readonly sessionExpired: string;
}

const ES: PageTexts = {
  htmlLang: 'es-CL',
  otherLanguage: { lang: 'en', label: 'English' },
  signInTitle: 'Ingresa con tu ClaveÚnica',
  signInLead: (client) => `${client} te pide que te identifiques con tu ClaveÚnica.`,
  runLabel: 'RUN',
  runHint: 'Tu RUN con dígito verificador, por ejemplo 12.345.678-5.',
  passwordLabel: 'ClaveÚnica',
  passwordHint: 'La clave que elegiste al activar tu ClaveÚnica.',
  signInButton: 'Ingresar',
  cancel: 'Cancelar y volver',
  errorSummary: 'No pudimos iniciar tu sesión',
  runMissing: 'Escribe tu RUN.',
  runInvalid: 'El RUN no es válido: revisa los números y el dígito verificador.',
  passwordMissing: 'Escribe tu clave.',
  wrongCredentials: 'El RUN o la clave no son correctos. Revísalos e inténtalo de nuevo.',
  challengeLead:
    'Hubo varios intentos fallidos desde esta conexión o para esta cuenta. Antes de seguir, tu navegador resolverá un cálculo corto que comprueba que no eres un programa automático. No tienes que hacer nada.',
  challengeWorking: 'Comprobando tu navegador…',
  challengeDone: 'Listo. Ya puedes ingresar.',
  challengeNoScript: (minutes) =>
    `Esta comprobación necesita JavaScript, que está desactivado en tu navegador. Actívalo y vuelve a cargar la página, o espera ${minutes} minutos e inténtalo de nuevo.`,
  challengeFailed: 'La comprobación de tu navegador no se completó. Espera a que diga «Listo» y vuelve a ingresar.',
  rateLimited: (until) => `Hubo demasiados intentos fallidos desde esta conexión. Inténtalo de nuevo después de las ${until}.`,
  lockedTitle: 'Tu ClaveÚnica está bloqueada',
  locked: (until) =>
    `Por tu seguridad, tu ClaveÚnica quedó bloqueada después de 5 intentos fallidos. El bloqueo se levanta solo a las ${until}. Para desbloquearla antes, te enviamos un código de 8 dígitos a tu correo: escríbelo en la página de desbloqueo.`,
  unlockTitle: 'Desbloquear tu ClaveÚnica',
  unlockLead: 'Escribe tu RUN y el código de 8 dígitos que te enviamos por correo. El código vale 15 minutos.',
  codeLabel: 'Código de desbloqueo',
  codeHint: 'Los 8 dígitos del correo, por ejemplo 12345678.',
  codeInvalid: 'El código tiene 8 dígitos.',
  codeWrong: 'El RUN o el código no son correctos.',
  codeExpired: 'El código venció. Pide uno nuevo.',
  unlockButton: 'Desbloquear',
  resendButton: 'Envíame un código nuevo',
  resent: 'Si tu ClaveÚnica está bloqueada, te enviamos un código nuevo a tu correo.',
  unlocked: 'Tu ClaveÚnica quedó desbloqueada. Ya puedes ingresar.',
  secondFactorTitle: 'Confirma que eres tú',
  secondFactorLead: (hint) => `Activaste el segundo factor: te enviamos un código de 6 dígitos a ${hint}. Escríbelo aquí; vale 10 minutos.`,
  secondFactorLabel: 'Código de ingreso',
  secondFactorHint: 'Los 6 dígitos del correo, por ejemplo 123456.',
  secondFactorInvalid: 'El código tiene 6 dígitos.',
  secondFactorWrong: 'El código no es correcto. Revísalo e inténtalo de nuevo.',
  secondFactorExpired: 'El código venció o se usó demasiadas veces. Vuelve al servicio e ingresa de nuevo.',
  secondFactorButton: 'Confirmar',
  consentTitle: 'Autoriza los datos que se compartirán',
  consentLead: (client) => `${client} recibirá estos datos tuyos:`,
  claims: { run: 'Tu RUN', name: 'Tus nombres y apellidos', email: 'Tu correo electrónico', phone: 'Tu teléfono móvil' },
  allow: 'Autorizar',
  deny: 'No autorizar',
  logoutTitle: 'Cerrar sesión',
  logoutQuestion: '¿Quieres cerrar tu sesión de ClaveÚnica?',
  logoutYes: 'Sí, cerrar sesión',
  logoutNo: 'No, seguir conectado',
  loggedOutTitle: 'Sesión cerrada',
  loggedOut: 'Cerraste tu sesión de ClaveÚnica.',
  errorTitle: 'No pudimos completar la solicitud',
  errorLead: 'Vuelve al servicio donde empezaste e inténtalo de nuevo.',
  sessionExpired: 'Tu sesión de ingreso venció. Vuelve al servicio e inténtalo de nuevo.',
};

const EN: PageTexts = {
  htmlLang: 'en',
  otherLanguage: { lang: 'es-CL', label: 'Español' },
  signInTitle: 'Sign in with ClaveÚnica',
  signInLead: (client) => `${client} asks you to identify yourself with your ClaveÚnica.`,
  runLabel: 'RUN',
  runHint: 'Your RUN with its check digit, for example 12.345.678-5.',
  passwordLabel: 'ClaveÚnica password',
  passwordHint: 'The password you chose when you activated your ClaveÚnica.',
  signInButton: 'Sign in',
  cancel: 'Cancel and go back',
  errorSummary: 'We could not sign you in',
  runMissing: 'Enter your RUN.',
  runInvalid: 'The RUN is not valid: check the digits and the check digit.',
  passwordMissing: 'Enter your password.',
  wrongCredentials: 'The RUN or the password is not correct. Check them and try again.',
  challengeLead:
    'There were several failed attempts from this connection or for this account. Before you continue, your browser will solve a short computation that shows you are not an automated program. You do not need to do anything.',
  challengeWorking: 'Checking your browser…',
  challengeDone: 'Done. You can sign in now.',
  challengeNoScript: (minutes) =>
    `This check needs JavaScript, which is turned off in your browser. Turn it on and reload the page, or wait ${minutes} minutes and try again.`,
  challengeFailed: 'The browser check did not complete. Wait until it says "Done" and sign in again.',
  rateLimited: (until) => `There were too many failed attempts from this connection. Try again after ${until}.`,
  lockedTitle: 'Your ClaveÚnica is locked',
  locked: (until) =>
    `For your security, your ClaveÚnica was locked after 5 failed attempts. The lock lifts by itself at ${until}. To unlock it sooner, we sent an 8-digit code to your e-mail: enter it on the unlock page.`,
  unlockTitle: 'Unlock your ClaveÚnica',
  unlockLead: 'Enter your RUN and the 8-digit code we sent you by e-mail. The code is valid for 15 minutes.',
  codeLabel: 'Unlock code',
  codeHint: 'The 8 digits from the e-mail, for example 12345678.',
  codeInvalid: 'The code has 8 digits.',
  codeWrong: 'The RUN or the code is not correct.',
  codeExpired: 'The code has expired. Ask for a new one.',
  unlockButton: 'Unlock',
  resendButton: 'Send me a new code',
  resent: 'If your ClaveÚnica is locked, we sent a new code to your e-mail.',
  unlocked: 'Your ClaveÚnica is unlocked. You can sign in now.',
  secondFactorTitle: 'Confirm it is you',
  secondFactorLead: (hint) => `You turned on the second factor: we sent a 6-digit code to ${hint}. Enter it here; it is valid for 10 minutes.`,
  secondFactorLabel: 'Sign-in code',
  secondFactorHint: 'The 6 digits from the e-mail, for example 123456.',
  secondFactorInvalid: 'The code has 6 digits.',
  secondFactorWrong: 'The code is not correct. Check it and try again.',
  secondFactorExpired: 'The code expired or was tried too many times. Go back to the service and sign in again.',
  secondFactorButton: 'Confirm',
  consentTitle: 'Authorize the data to be shared',
  consentLead: (client) => `${client} will receive this data about you:`,
  claims: { run: 'Your RUN', name: 'Your given names and surnames', email: 'Your e-mail address', phone: 'Your mobile phone number' },
  allow: 'Authorize',
  deny: 'Do not authorize',
  logoutTitle: 'Sign out',
  logoutQuestion: 'Do you want to sign out of ClaveÚnica?',
  logoutYes: 'Yes, sign out',
  logoutNo: 'No, stay signed in',
  loggedOutTitle: 'Signed out',
  loggedOut: 'You signed out of ClaveÚnica.',
  errorTitle: 'We could not complete the request',
  errorLead: 'Go back to the service where you started and try again.',
  sessionExpired: 'Your sign-in session expired. Go back to the service and try again.',
};

export function pageTexts(language: PageLanguage): PageTexts {
  return language === 'en' ? EN : ES;
}

/**
 * The page language: an explicit `?lang=` first, then the authorization
 * request's ui_locales, then Accept-Language in its order (q-values
 * honoured), Spanish otherwise.
 */
export function choosePageLanguage(lang: string | null | undefined, uiLocales: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const pick = (tag: string): PageLanguage | undefined => {
    const t = tag.trim().toLowerCase();
    if (t.startsWith('es')) return 'es-CL';
    if (t.startsWith('en')) return 'en';
    return undefined;
  };
  if (lang) {
    const chosen = pick(lang);
    if (chosen) return chosen;
  }
  for (const tag of (uiLocales ?? '').split(' ')) {
    const chosen = tag ? pick(tag) : undefined;
    if (chosen) return chosen;
  }
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const chosen = pick(entry.tag);
    if (chosen) return chosen;
  }
  return 'es-CL';
}
