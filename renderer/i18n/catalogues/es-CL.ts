/**
 * Spanish (Chile): the complete catalogue, the default and the fallback.
 * Its shape is the `Catalogue` type every other language must fill exactly.
 * Tuteo, as in gob.cl and ChileAtiende's own texts.
 *
 * In two files: this one holds what the first screens (welcome, preparing,
 * out of service, unavailable, the controls and dialogs on them) say, and
 * travels in the renderer's first chunk; es-CL-session.ts holds the
 * session's screens' texts, loaded after the first paint. A test renders the
 * first screens with this part alone (test/renderer/first-screen-texts.test.tsx).
 */
import type { TechnicianCatalogue } from '../../technician/i18n/technician-es-CL.ts';
import { CONNECTING_TEXTS } from './connecting-texts.ts';
import type { esCLSession } from './es-CL-session.ts';

export const esCLFirstScreens = {
  app: {
    kiosk: 'Tótem de autoatención',
  },
  attract: {
    lead: 'Obtén aquí tu ClaveÚnica, la clave para hacer trámites del Estado por internet.',
    hint: 'Solo necesitas tu cédula de identidad y unos minutos.',
    journeyCaption: 'Cómo funciona',
    journey: {
      card: 'Lee tu cédula de identidad',
      finger: 'Pon tu dedo en el lector de huellas',
      activate: 'Activa tu ClaveÚnica',
    },
    start: 'Comenzar',
  },
  accessibility: {
    caption: 'Accesibilidad',
    largerText: 'Texto más grande',
    highContrast: 'Alto contraste',
    spokenGuidance: 'Guía hablada',
    repeat: 'Repetir',
  },
  kioskStatus: {
    outOfService: {
      title: 'Este tótem está fuera de servicio',
      body: 'Por ahora no puede atenderte.',
      where: 'Pide ayuda al personal de la oficina, usa otro tótem o acude a una oficina del Registro Civil.',
      office: 'Puedes hacer tu trámite en: {{office}}',
      reasons: {
        fingerprint: { title: 'El lector de huellas no funciona', body: 'Sin él no podemos confirmar que eres tú.' },
        cardReader: { title: 'El lector de cédula no funciona', body: 'Sin él no podemos leer tu cédula de identidad.' },
        printer: { title: 'La impresora no funciona', body: 'No podríamos imprimir tu comprobante.' },
        storage: { title: 'Este tótem no tiene espacio para guardar más trámites', body: 'Primero tiene que enviar al sistema central los que ya guardó.' },
        directive: {
          title: 'El equipo a cargo dejó este tótem fuera de servicio',
          body: 'Puede estar en mantención. Esta pantalla cambiará sola cuando vuelva a funcionar.',
        },
      },
    },
    noCodes: {
      title: 'Este tótem no puede entregar códigos de activación ahora',
      body: 'No logra conectarse con el sistema central de ClaveÚnica. No comiences tu trámite aquí: no podrías terminarlo.',
      where: 'Puedes obtener tu ClaveÚnica en una oficina del Registro Civil o en otro tótem. Esta pantalla cambiará sola cuando vuelva a funcionar.',
    },
    resultsLater: 'Por ahora el sistema central no responde: puedes hacer tu trámite igual y te avisaremos el resultado por correo electrónico y SMS.',
    codeOnScreen:
      'La impresora de este tótem no está disponible: al final verás tu código de activación en la pantalla. Ten a mano tu teléfono o papel y lápiz para anotarlo.',
  },
  connecting: CONNECTING_TEXTS['es-CL'],
  unavailable: {
    title: 'El kiosco no está disponible por un momento',
    body: 'Estamos trabajando para que vuelva a funcionar. Por favor, espera unos minutos o pide ayuda al personal de la oficina.',
    apology: 'Disculpa las molestias.',
    selfUpdating: 'Esta pantalla se actualizará sola.',
  },
  errors: {
    invalidRequest: 'No pudimos realizar esa acción. Por favor, inténtalo otra vez.',
    internal: 'Ocurrió un problema en el kiosco. Por favor, inténtalo otra vez.',
    serviceUnavailable: 'El kiosco no está disponible por un momento. Por favor, espera unos segundos.',
    sessionAlreadyActive: 'Ya hay una atención en curso en este kiosco.',
    sessionNotActive: 'Tu atención terminó. Toca «Comenzar» para empezar de nuevo.',
    cardUnreadable: 'No pudimos leer tu cédula. Acércala otra vez al lector, por el reverso, sin moverla.',
    cardCheckDigit: 'No pudimos leer bien tu cédula. Límpiala suavemente y acércala otra vez al lector.',
    cardInvalidRun: 'El RUN de la cédula no es válido. Inténtalo otra vez o pide ayuda al personal de la oficina.',
    cardNotChileanId: 'Este documento no es una cédula de identidad chilena. Usa tu cédula de identidad.',
    cardExpired: 'Tu cédula está vencida. Renuévala en el Registro Civil y vuelve después.',
    cardMismatch: 'Las dos lecturas de la cédula no coinciden. Acércala otra vez al lector.',
    printerPaperOut: 'La impresora no tiene papel. Te mostraremos el código en la pantalla.',
    printerCoverOpen: 'La impresora está abierta. Te mostraremos el código en la pantalla.',
    printerOffline: 'La impresora no está disponible. Te mostraremos el código en la pantalla.',
    printerDisconnected: 'La impresora se desconectó. Te mostraremos el código en la pantalla.',
    printerUnavailable: 'No pudimos usar la impresora. Te mostraremos el código en la pantalla.',
    printerTimeout: 'La impresora no respondió a tiempo. Te mostraremos el código en la pantalla.',
    printerNotResponding: 'La impresora no responde. Te mostraremos el código en la pantalla.',
    printerInvalidReceipt: 'No pudimos preparar tu comprobante. Te mostraremos el código en la pantalla.',
    sessionBusy: 'Espera un momento: el tótem está terminando lo anterior.',
    emailInvalid: 'Ese correo no parece válido. Revisa que tenga una @ y un dominio, como nombre@correo.cl.',
    emailMismatch: 'Los dos correos no coinciden. Revísalos y corrígelos.',
    phoneInvalid: 'Ese número no es un móvil chileno válido. Escribe los 8 dígitos que siguen a +56 9.',
    runInvalid: 'Ese RUT no es válido. Revisa los números y el dígito verificador.',
    passwordRejected: 'Tu clave no cumple todas las reglas. Revisa la lista y escribe otra.',
    passwordTypedOffline: 'Como tu solicitud quedará pendiente, no podemos guardar una clave escrita. Elige recibir una clave al azar por correo o SMS.',
    fingerNoMatch: 'Tu huella no coincidió. Vuelve a poner el mismo dedo, bien apoyado.',
    fingerNotEnrolled: 'El Registro Civil no tiene la huella de ese dedo. Usa el dedo que te indicamos ahora.',
    fingerLowQuality: 'No pudimos ver bien tu huella. Limpia tu dedo y apóyalo plano sobre el lector.',
    fingerNoFinger: 'No vimos tu dedo en el lector. Apóyalo plano sobre el vidrio.',
    fingerNotAFinger: 'No logramos ver una huella. Apoya la yema de tu dedo sobre el lector.',
    fingerTooLight: 'Tu huella se ve muy clara. Presiona un poco más.',
    fingerTooWet: 'Tu dedo está muy húmedo. Sécalo y vuelve a apoyarlo.',
    fingerTooDry: 'Tu dedo está muy seco. Frota la yema con tus dedos y vuelve a apoyarlo.',
    fingerSmudged: 'La huella salió borrosa. Limpia tu dedo y no lo muevas mientras leemos.',
    fingerOffCentre: 'Centra el dedo sobre el lector.',
    fingerTooSmall: 'Vimos solo una parte de tu huella. Apoya más el dedo, plano sobre el lector.',
    storageFull: 'Este tótem no puede recibir solicitudes ahora. Pide ayuda al personal de la oficina.',
    outOfService: 'Este tótem está fuera de servicio. Pide ayuda al personal de la oficina o usa otro tótem.',
    noCodesNow: 'Este tótem no puede entregar códigos de activación ahora. Acude a una oficina del Registro Civil o a otro tótem.',
    centralUnavailable: 'No pudimos conectarnos con el sistema central. Inténtalo de nuevo en unos momentos.',
    speechUnavailable: 'La guía hablada no está disponible en este kiosco por ahora. Pide ayuda al personal de la oficina si la necesitas.',
    speechVoiceMissing: 'La guía hablada no está disponible en este idioma. Puedes elegir otro idioma.',
    technicianSessionActive: 'Hay una persona usando el tótem. El modo técnico estará disponible cuando termine.',
    technicianNotActive: 'El modo técnico se cerró. Vuelve a entrar con tu PIN.',
    technicianModeActive: 'El tótem está en mantención. Vuelve en unos minutos.',
    technicianPinWrong: 'PIN incorrecto.',
    technicianLocked: 'Demasiados intentos fallidos: el modo técnico está bloqueado por un tiempo.',
    technicianPinNotSet: 'Este tótem aún no tiene PIN de técnico: se configura en la consola con kioskctl technician set-pin.',
    technicianPinFormat: 'El PIN debe tener entre 6 y 12 dígitos.',
    technicianPinWeak: 'Ese PIN es muy fácil de adivinar: no uses un mismo dígito repetido, una secuencia ni un bloque repetido.',
    technicianPinMismatch: 'Los dos PIN no coinciden. Vuelve a escribirlo.',
    technicianBusy: 'Hay otra prueba en curso. Espera a que termine.',
  },
  session: {
    step: 'Paso {{current}} de {{total}}',
    cancel: 'Cancelar',
    continue: 'Continuar',
    back: 'Volver',
    finish: 'Terminar',
    home: 'Volver al inicio',
    busy: 'Un momento, por favor…',
  },
  help: {
    open: 'Ayuda',
    title: 'Ayuda',
    staff: 'Si necesitas más ayuda, pide apoyo al personal de la oficina. Nadie del personal te pedirá tu clave.',
    close: 'Cerrar',
    steps: {
      idle: 'Toca «Comenzar» para obtener tu ClaveÚnica. Solo necesitas tu cédula de identidad vigente. Abajo puedes elegir otro idioma, texto más grande o alto contraste.',
      welcome: 'Revisa lo que vas a necesitar y toca «Continuar». Puedes cancelar en cualquier momento.',
      consent: 'Lee cómo usaremos tus datos. Si aceptas, seguimos con la lectura de tu cédula; si no, la atención termina sin leer ningún dato.',
      card: 'Da vuelta tu cédula: el lector lee el reverso, donde están el código QR y tres líneas de letras y números. Apóyala sobre el lector, bajo la pantalla, y no la muevas.',
      finger:
        'Apoya la yema del dedo que te indicamos, plana, sobre el vidrio del lector, sin presionar demasiado. Si tu dedo está muy seco o sucio, límpialo e inténtalo otra vez.',
      verifying: 'Estamos consultando al Registro Civil. No tienes que hacer nada; espera unos segundos.',
      'issuing-code': 'Estamos generando tu código de activación. Espera unos segundos.',
      printing: 'Tu comprobante está saliendo por la impresora. Si no sale, avisa al personal de la oficina.',
      'code-printed': 'Guarda tu comprobante. Con él activas tu ClaveÚnica en claveunica.gob.cl/activar antes de que venza el código.',
      'code-on-screen': 'Anota el código o tómale una foto con tu celular. No lo compartas con nadie.',
      email: 'Toca un campo y escribe con el teclado de la pantalla. Las teclas de abajo completan dominios comunes, como @gmail.com.',
      phone: 'Escribe con el teclado numérico los 8 dígitos de tu móvil que siguen a +56 9.',
      password: 'Puedes recibir una clave al azar por correo o por SMS, o escribir tu propia clave. Elige una que no uses en otros sitios.',
      review: 'Revisa tus datos. Si algo no está bien, toca «Cambiar» junto a ese dato.',
      activating: 'Estamos activando tu ClaveÚnica. Espera unos segundos.',
      activated: 'Tu ClaveÚnica ya está activa. Toca «Terminar» para cerrar tu atención.',
      'deferred-offer': 'El sistema central no responde. Puedes dejar tu solicitud guardada de forma segura o volver otro día.',
      deferring: 'Estamos guardando tu solicitud de forma segura. Espera unos segundos.',
      deferred: 'Tu solicitud quedó guardada. Te avisaremos por correo y SMS. Toca «Terminar» para cerrar tu atención.',
      failed: 'Lee qué puedes hacer ahora y toca «Volver al inicio». Si tienes dudas, el personal de la oficina puede ayudarte.',
    },
  },
  masked: {
    hidden: 'caracteres ocultos',
  },
  scrollCue: {
    region: 'Contenido de la pantalla',
    more: 'Ver más abajo',
  },
};

/**
 * What the citizen's screens need, in one language: the renderer's first
 * chunk holds es-CL's; en and ht are loaded when a citizen picks them.
 */
export type CitizenCatalogue = typeof esCLFirstScreens & typeof esCLSession;
/** A whole language: the citizen's texts and technician mode's (loaded with technician mode), as i18next holds them. */
export type Catalogue = CitizenCatalogue & { readonly technician: TechnicianCatalogue };
