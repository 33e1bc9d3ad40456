/**
 * What the sign-in rules send by e-mail: the unlock code, in the language of
 * the page the citizen used (es-CL unless the page was in English).
 */
import type { MessageLanguage } from './messages.ts';

interface SignInTexts {
  readonly unlockSubject: string;
  readonly unlockBody: (code: string) => string;
  readonly secondFactorSubject: string;
  readonly secondFactorBody: (code: string) => string;
}

const TEXTS: Readonly<Record<'es-CL' | 'en', SignInTexts>> = {
  'es-CL': {
    unlockSubject: 'Código para desbloquear tu ClaveÚnica',
    unlockBody: (code) =>
      `Tu ClaveÚnica quedó bloqueada por intentos fallidos de ingreso. Para desbloquearla, escribe este código en la página de desbloqueo: ${code}\n` +
      'El código vale 15 minutos. Si no intentaste ingresar tú, cambia tu clave después de desbloquearla. Nadie del Estado te pedirá este código.',
    secondFactorSubject: 'Tu código para ingresar con ClaveÚnica',
    secondFactorBody: (code) =>
      `Para terminar de ingresar con tu ClaveÚnica, escribe este código: ${code}\n` +
      'El código vale 10 minutos. Si no estás intentando ingresar, alguien conoce tu clave: cámbiala. Nadie del Estado te pedirá este código.',
  },
  en: {
    unlockSubject: 'Code to unlock your ClaveÚnica',
    unlockBody: (code) =>
      `Your ClaveÚnica was locked after failed sign-in attempts. To unlock it, enter this code on the unlock page: ${code}\n` +
      'The code is valid for 15 minutes. If it was not you trying to sign in, change your password after unlocking. Nobody from the State will ask you for this code.',
    secondFactorSubject: 'Your ClaveÚnica sign-in code',
    secondFactorBody: (code) =>
      `To finish signing in with your ClaveÚnica, enter this code: ${code}\n` +
      'The code is valid for 10 minutes. If you are not signing in, someone knows your password: change it. Nobody from the State will ask you for this code.',
  },
};

export function signInMessages(language: MessageLanguage): SignInTexts {
  return language === 'en' ? TEXTS.en : TEXTS['es-CL'];
}
