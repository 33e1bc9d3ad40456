/**
 * The relying party's catalogue: every word its pages show, in Spanish
 * (Chile, 'tú') first and English. It is a separate application from the
 * kiosk (another organisation's site in real life), so it keeps its own
 * catalogue rather than reaching into the kiosk's renderer.
 */

export const LANGUAGES = ['es-CL', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Why a sign-in did not end in "Tus datos"; the provider's OAuth error codes plus our own checks. */
export const SIGN_IN_ERRORS = [
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
  'temporarily_unavailable',
  'server_error',
  'state_mismatch',
  'session_missing',
  'token_failed',
  'provider_unreachable',
  'other',
] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];

export function signInErrorFrom(code: unknown): SignInError {
  return typeof code === 'string' && (SIGN_IN_ERRORS as readonly string[]).includes(code) ? (code as SignInError) : 'other';
}

type Catalogue = {
  readonly [
    key in
      | 'site'
      | 'homeTitle'
      | 'homeIntro'
      | 'signIn'
      | 'language'
      | 'otherLanguage'
      | 'errorTitle'
      | 'tryAgain'
      | 'dataTitle'
      | 'dataIntro'
      | 'run'
      | 'name'
      | 'email'
      | 'phone'
      | 'missing'
      | 'signOut'
      | 'signedOut'
      | 'notFound'
      | 'mainNav'
  ]: string;
} & { readonly errors: { readonly [code in SignInError]: string } };

export const CATALOGUES: { readonly [language in Language]: Catalogue } = {
  'es-CL': {
    site: 'Municipalidad de Ejemplo',
    homeTitle: 'Municipalidad de Ejemplo — Ingresa con ClaveÚnica',
    homeIntro: 'Este es un sitio de ejemplo. Ingresa con tu ClaveÚnica para ver los datos que recibe un servicio cuando inicias sesión.',
    signIn: 'Ingresa con ClaveÚnica',
    language: 'Idioma',
    otherLanguage: 'English',
    errorTitle: 'No pudiste ingresar',
    tryAgain: 'Volver a intentar',
    dataTitle: 'Tus datos',
    dataIntro: 'Estos son los datos que ClaveÚnica compartió con este sitio. Por tu privacidad, mostramos solo una parte de algunos.',
    run: 'RUN',
    name: 'Nombre',
    email: 'Correo electrónico',
    phone: 'Teléfono móvil',
    missing: 'No recibido',
    signOut: 'Cerrar sesión',
    signedOut: 'Cerraste tu sesión.',
    notFound: 'No encontramos esta página.',
    mainNav: 'Navegación principal',
    errors: {
      access_denied: 'Cancelaste el ingreso o no autorizaste compartir tus datos con este sitio.',
      login_required: 'Necesitas ingresar con tu ClaveÚnica para continuar.',
      consent_required: 'Necesitas autorizar que ClaveÚnica comparta tus datos con este sitio.',
      interaction_required: 'ClaveÚnica necesita que completes un paso más. Vuelve a intentarlo.',
      temporarily_unavailable: 'ClaveÚnica no está disponible en este momento. Inténtalo en unos minutos.',
      server_error: 'ClaveÚnica tuvo un problema. Inténtalo en unos minutos.',
      state_mismatch: 'La respuesta de ClaveÚnica no corresponde a tu ingreso. Por seguridad la rechazamos. Vuelve a intentarlo.',
      session_missing: 'Tu ingreso expiró o se abrió en otra ventana. Vuelve a intentarlo.',
      token_failed: 'No pudimos confirmar tu ingreso con ClaveÚnica. Vuelve a intentarlo.',
      provider_unreachable: 'No pudimos comunicarnos con ClaveÚnica. Inténtalo en unos minutos.',
      other: 'No pudimos completar tu ingreso. Vuelve a intentarlo.',
    },
  },
  en: {
    site: 'Municipalidad de Ejemplo',
    homeTitle: 'Municipalidad de Ejemplo — Sign in with ClaveÚnica',
    homeIntro: 'This is a sample site. Sign in with your ClaveÚnica to see the data a service receives when you sign in.',
    signIn: 'Sign in with ClaveÚnica',
    language: 'Language',
    otherLanguage: 'Español',
    errorTitle: 'You could not sign in',
    tryAgain: 'Try again',
    dataTitle: 'Your data',
    dataIntro: 'This is the data ClaveÚnica shared with this site. For your privacy, part of some of it is hidden.',
    run: 'RUN',
    name: 'Name',
    email: 'Email',
    phone: 'Mobile phone',
    missing: 'Not received',
    signOut: 'Sign out',
    signedOut: 'You signed out.',
    notFound: 'We could not find this page.',
    mainNav: 'Main navigation',
    errors: {
      access_denied: 'You cancelled the sign-in or did not allow sharing your data with this site.',
      login_required: 'You need to sign in with your ClaveÚnica to continue.',
      consent_required: 'You need to allow ClaveÚnica to share your data with this site.',
      interaction_required: 'ClaveÚnica needs you to complete one more step. Try again.',
      temporarily_unavailable: 'ClaveÚnica is not available right now. Try again in a few minutes.',
      server_error: 'ClaveÚnica had a problem. Try again in a few minutes.',
      state_mismatch: 'The answer from ClaveÚnica does not belong to your sign-in. We refused it for your safety. Try again.',
      session_missing: 'Your sign-in expired or was opened in another window. Try again.',
      token_failed: 'We could not confirm your sign-in with ClaveÚnica. Try again.',
      provider_unreachable: 'We could not reach ClaveÚnica. Try again in a few minutes.',
      other: 'We could not complete your sign-in. Try again.',
    },
  },
};

export function languageFrom(value: unknown): Language {
  return value === 'en' ? 'en' : 'es-CL';
}
