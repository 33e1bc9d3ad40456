/**
 * Spanish (Chile): the complete catalogue, the default and the fallback.
 * Its shape is the `Catalogue` type every other language must fill exactly.
 * Tuteo, as in gob.cl and ChileAtiende's own texts.
 */
export const esCL = {
  app: {
    product: 'ClaveÚnica',
    government: 'Gobierno de Chile',
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
  },
  sessionWelcome: {
    step: 'Paso {{current}} de {{total}}',
    title: 'Antes de comenzar',
    needsIntro: 'Para obtener tu ClaveÚnica necesitarás:',
    needs: {
      cedula: 'Tu cédula de identidad vigente',
      finger: 'Uno de tus dedos, para leer tu huella',
      email: 'Un correo electrónico que uses',
      phone: 'Tu número de teléfono móvil',
    },
    outcome: {
      civilDigital: 'Al terminar recibirás un comprobante impreso con tu código de activación.',
      chileatiende: 'Activarás tu ClaveÚnica aquí mismo, en un solo paso.',
    },
    cancel: 'Cancelar',
  },
  connecting: {
    message: 'Preparando el kiosco…',
  },
  unavailable: {
    title: 'El kiosco no está disponible por un momento',
    body: 'Estamos trabajando para que vuelva a funcionar. Por favor, espera unos minutos o pide ayuda al personal de la oficina.',
    apology: 'Disculpa las molestias.',
    selfUpdating: 'Esta pantalla se actualizará sola.',
  },
  devices: {
    notConfigured: 'Este equipo no está instalado en el kiosco.',
    notConnected: 'Este equipo está desconectado. Pide ayuda al personal de la oficina.',
    ready: 'Listo.',
    busy: 'En uso. Espera un momento.',
    needsAttention: 'Este equipo necesita revisión. Pide ayuda al personal de la oficina.',
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
  },
};

export type Catalogue = typeof esCL;
