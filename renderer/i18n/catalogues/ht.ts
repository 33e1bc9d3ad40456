import type { Catalogue } from './es-CL.ts';

/**
 * Haitian Creole (Kreyòl ayisyen), for Chile's Haitian community. Official
 * Chilean names (ClaveÚnica, cédula de identidad) stay in Spanish, as on the
 * documents themselves, with a Kreyòl gloss. ICU has no `ht` locale data, so
 * nothing here may rely on Intl formatting (electron-kiosk.md §0).
 */
export const ht: Catalogue = {
  app: {
    product: 'ClaveÚnica',
    government: 'Gouvènman Chili',
    kiosk: 'Kyòs sèvis pou kont ou',
  },
  attract: {
    lead: 'Jwenn ClaveÚnica ou isit la: se kle pou w fè demach Leta sou entènèt.',
    hint: 'Ou bezwen sèlman kat idantite ou ak kèk minit.',
    journeyCaption: 'Kijan sa mache',
    journey: {
      card: 'Fè lektè a li kat idantite ou',
      finger: 'Mete dwèt ou sou lektè anprent lan',
      activate: 'Aktive ClaveÚnica ou',
    },
    start: 'Kòmanse',
  },
  accessibility: {
    caption: 'Aksesiblite',
    largerText: 'Tèks pi gwo',
    highContrast: 'Kontras fò',
  },
  sessionWelcome: {
    step: 'Etap {{current}} sou {{total}}',
    title: 'Anvan ou kòmanse',
    needsIntro: 'Pou w jwenn ClaveÚnica ou, w ap bezwen:',
    needs: {
      cedula: 'Kat idantite chilyen ou (cédula de identidad), ki poko ekspire',
      finger: 'Youn nan dwèt ou, pou nou li anprent dwèt ou',
      email: 'Yon adrès imèl ou itilize',
      phone: 'Nimewo telefòn selilè ou',
    },
    outcome: {
      civilDigital: 'Lè w fini, w ap resevwa yon resi enprime ak kòd aktivasyon ou.',
      chileatiende: 'W ap aktive ClaveÚnica ou la a menm, an yon sèl etap.',
    },
    cancel: 'Anile',
  },
  connecting: {
    message: 'N ap prepare kyòs la…',
  },
  unavailable: {
    title: 'Kyòs la pa disponib pou yon ti moman',
    body: 'N ap travay pou l mache ankò. Tanpri, tann kèk minit oswa mande anplwaye biwo a pou yo ede w.',
    apology: 'Eskize nou pou deranjman an.',
    selfUpdating: 'Ekran sa a ap mete tèt li ajou pou kont li.',
  },
  devices: {
    notConfigured: 'Aparèy sa a pa enstale nan kyòs la.',
    notConnected: 'Aparèy sa a dekonekte. Tanpri, mande moun ki travay nan biwo a èd.',
    ready: 'Pare.',
    busy: 'Y ap sèvi ak li. Tanpri, tann yon ti moman.',
    needsAttention: 'Aparèy sa a bezwen yon tchèk. Tanpri, mande moun ki travay nan biwo a èd.',
  },
  errors: {
    invalidRequest: 'Nou pa t kapab fè sa. Tanpri, eseye ankò.',
    internal: 'Te gen yon pwoblèm nan kyòs la. Tanpri, eseye ankò.',
    serviceUnavailable: 'Kyòs la pa disponib pou yon ti moman. Tanpri, tann kèk segonn.',
    sessionAlreadyActive: 'Gen yon moun k ap resevwa sèvis deja nan kyòs sa a.',
    sessionNotActive: 'Sesyon ou an fini. Touche «Kòmanse» pou w rekòmanse.',
    cardUnreadable: 'Nou pa t kapab li kat idantite ou. Mete do kat la devan lektè a ankò, san w pa deplase l.',
    cardCheckDigit: 'Nou pa t kapab li kat idantite ou byen. Siye l dousman epi mete l devan lektè a ankò.',
    cardInvalidRun: 'RUN ki sou kat la pa valab. Eseye ankò oswa mande moun ki travay nan biwo a èd.',
    cardNotChileanId: 'Dokiman sa a se pa yon kat idantite chilyen. Tanpri, sèvi ak cédula de identidad ou.',
    cardExpired: 'Kat idantite ou ekspire. Renouvle l nan Registro Civil epi tounen apre.',
    cardMismatch: 'De lekti kat ou a pa menm. Mete l devan lektè a ankò.',
    printerPaperOut: 'Enprimant lan pa gen papye. N ap montre kòd ou a sou ekran an.',
    printerCoverOpen: 'Enprimant lan louvri. N ap montre kòd ou a sou ekran an.',
    printerOffline: 'Enprimant lan pa disponib. N ap montre kòd ou a sou ekran an.',
    printerDisconnected: 'Enprimant lan dekonekte. N ap montre kòd ou a sou ekran an.',
    printerUnavailable: 'Nou pa t kapab sèvi ak enprimant lan. N ap montre kòd ou a sou ekran an.',
    printerTimeout: 'Enprimant lan pa t reponn a tan. N ap montre kòd ou a sou ekran an.',
    printerNotResponding: 'Enprimant lan pa reponn. N ap montre kòd ou a sou ekran an.',
    printerInvalidReceipt: 'Nou pa t kapab prepare resi ou a. N ap montre kòd ou a sou ekran an.',
  },
};
