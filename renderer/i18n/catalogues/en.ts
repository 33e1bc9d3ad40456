import type { Catalogue } from './es-CL.ts';

export const en: Catalogue = {
  app: {
    product: 'ClaveÚnica',
    government: 'Government of Chile',
    kiosk: 'Self-service kiosk',
  },
  attract: {
    lead: 'Get your ClaveÚnica here: the password for government services online.',
    hint: 'All you need is your identity card and a few minutes.',
    journeyCaption: 'How it works',
    journey: {
      card: 'Scan your identity card',
      finger: 'Place your finger on the fingerprint reader',
      activate: 'Activate your ClaveÚnica',
    },
    start: 'Start',
  },
  accessibility: {
    caption: 'Accessibility',
    largerText: 'Larger text',
    highContrast: 'High contrast',
  },
  sessionWelcome: {
    step: 'Step {{current}} of {{total}}',
    title: 'Before you begin',
    needsIntro: 'To get your ClaveÚnica you will need:',
    needs: {
      cedula: 'Your valid Chilean identity card (cédula de identidad)',
      finger: 'One of your fingers, to read your fingerprint',
      email: 'An email address you use',
      phone: 'Your mobile phone number',
    },
    outcome: {
      civilDigital: 'At the end you will get a printed receipt with your activation code.',
      chileatiende: 'You will activate your ClaveÚnica right here, in one step.',
    },
    cancel: 'Cancel',
  },
  connecting: {
    message: 'Getting the kiosk ready…',
  },
  unavailable: {
    title: 'The kiosk is unavailable for a moment',
    body: 'We are working to get it running again. Please wait a few minutes or ask the office staff for help.',
    apology: 'We apologise for the inconvenience.',
    selfUpdating: 'This screen will update by itself.',
  },
  devices: {
    notConfigured: 'This device is not installed in the kiosk.',
    notConnected: 'This device is disconnected. Please ask the office staff for help.',
    ready: 'Ready.',
    busy: 'In use. Please wait a moment.',
    needsAttention: 'This device needs attention. Please ask the office staff for help.',
  },
  errors: {
    invalidRequest: 'We could not do that. Please try again.',
    internal: 'Something went wrong in the kiosk. Please try again.',
    serviceUnavailable: 'The kiosk is unavailable for a moment. Please wait a few seconds.',
    sessionAlreadyActive: 'Someone is already being served at this kiosk.',
    sessionNotActive: 'Your session has ended. Touch “Start” to begin again.',
    cardUnreadable: 'We could not read your ID card. Hold its back to the reader again, without moving it.',
    cardCheckDigit: 'We could not read your ID card properly. Wipe it gently and hold it to the reader again.',
    cardInvalidRun: 'The RUN on the card is not valid. Try again or ask the office staff for help.',
    cardNotChileanId: 'This document is not a Chilean identity card. Please use your cédula de identidad.',
    cardExpired: 'Your ID card has expired. Renew it at the Registro Civil and come back afterwards.',
    cardMismatch: 'The two readings of your card do not match. Hold it to the reader again.',
    printerPaperOut: 'The printer is out of paper. We will show your code on the screen.',
    printerCoverOpen: 'The printer is open. We will show your code on the screen.',
    printerOffline: 'The printer is not available. We will show your code on the screen.',
    printerDisconnected: 'The printer was disconnected. We will show your code on the screen.',
    printerUnavailable: 'We could not use the printer. We will show your code on the screen.',
    printerTimeout: 'The printer did not answer in time. We will show your code on the screen.',
    printerNotResponding: 'The printer is not responding. We will show your code on the screen.',
    printerInvalidReceipt: 'We could not prepare your receipt. We will show your code on the screen.',
  },
};
