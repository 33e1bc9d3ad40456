/**
 * What the maintenance layer says, as data: a stable message key and its
 * parameters. The front-ends put it into words: kioskctl in the English it
 * has always printed (cli/maintenance-english.ts), technician mode through
 * the touch screen's catalogues (renderer/technician/i18n). The keys are
 * listed here once, so both renderings are checked against one list.
 */
export const MAINTENANCE_MESSAGE_KEYS = [
  // Errors (MaintenanceError)
  'configInvalid',
  'configNotConfigured',
  'configFileUnreadable',
  'configNotCertificate',
  'dbNotFound',
  'dbOpenFailed',
  'dbNewerVersion',
  'centralNotRegistered',
  'centralCredentialsInvalid',
  'centralFailed',
  'centralRefusedHttp',
  'centralHttpError',
  'centralBadResponse',
  'centralTooLarge',
  'centralTimeout',
  'centralRefusedTls',
  'centralUntrusted',
  'centralUnreachable',
  'centralAlreadyRegistered',
  'registrationFailed',
  'exportTargetMissing',
  'exportTargetUnknown',
  'hidDeviceMissing',
  'technicalDetail',
  // Selftest lines and device results
  'skipNeedsConfig',
  'skipNeedsCentral',
  'configNothingStored',
  'configValid',
  'centralAnswers',
  'clockNoDate',
  'clockOff',
  'clockWithin',
  'certificateMissing',
  'certificateOtherKiosk',
  'certificateExpired',
  'certificateExpiring',
  'certificateValid',
  'diskFree',
  'diskLow',
  'queueFull',
  'outboxDead',
  'outboxOld',
  'outboxEmpty',
  'outboxPending',
  'deviceSimulated',
  'deviceNoPrinterNeeded',
  'deviceNotAssigned',
  'deviceFailed',
  'fingerprintAnswers',
  'cardReaderOpens',
  'cardReaderConnected',
  'printerFileOpens',
  'printerPaperNearEnd',
  'printerReady',
  'printerNoAnswer',
  'printerNeedsAttention',
  'deviceNotConnected',
  'fingerNone',
  'fingerPoor',
  'fingerprintFailed',
  'cardUnusable',
  'cardNone',
  'cardReaderFailed',
  'receiptNotPrinted',
] as const;
export type MaintenanceMessageKey = (typeof MAINTENANCE_MESSAGE_KEYS)[number];

/** What to do, when something is not a pass. */
export const MAINTENANCE_ADVICE_KEYS = [
  'provisionDataDir',
  'provisionFirstRun',
  'fixConfigField',
  'configureCentral',
  'configureCentralCa',
  'register',
  'registerAgain',
  'registerAgainSoon',
  'setKioskIdBack',
  'credentialsInvalid',
  'checkNetwork',
  'checkNetworkPath',
  'checkTrust',
  'certificateRefused',
  'centralError',
  'notCentral',
  'centralTest',
  'alreadyRegistered',
  'tokenInvalid',
  'tokenUsed',
  'tokenExpired',
  'tokenOtherKiosk',
  'kioskIdInvalid',
  'newToken',
  'timeSync',
  'freeDisk',
  'drainQueue',
  'deadRows',
  'queueRetry',
  'permissionHid',
  'permissionLp',
  'permissionDialout',
  'deviceBusy',
  'notSerialPort',
  'loadPaper',
  'closeCover',
  'printerOffline',
  'wrongDevice',
  'checkBaud',
  'notPlugged',
  'printerNetwork',
  'devicesGuide',
  'assignDevice',
  'newRoll',
  'printerCheck',
  'pressFinger',
  'cleanSensor',
  'cardUnreadable',
  'cardCheckDigit',
  'cardInvalidRun',
  'cardNotChileanId',
  'cardExpired',
  'cardMismatch',
  'presentCard',
  'mountUsb',
] as const;
export type MaintenanceAdviceKey = (typeof MAINTENANCE_ADVICE_KEYS)[number];

export type MaintenanceParams = Readonly<Record<string, string | number>>;

export interface MaintenanceText<K extends string> {
  readonly key: K;
  readonly params: MaintenanceParams;
}
export type MaintenanceMessage = MaintenanceText<MaintenanceMessageKey>;
export type MaintenanceAdvice = MaintenanceText<MaintenanceAdviceKey>;

export function message(key: MaintenanceMessageKey, params: MaintenanceParams = {}): MaintenanceMessage {
  return { key, params };
}

export function advice(key: MaintenanceAdviceKey, params: MaintenanceParams = {}): MaintenanceAdvice {
  return { key, params };
}

/**
 * A maintenance operation that could not be done: a stable `code` (the
 * front-ends' exit codes and error codes), what happened as a message key,
 * and the configuration field at fault when there is one. `message` (the
 * Error's) is the key: the words are the front-end's.
 */
export class MaintenanceError extends Error {
  readonly code: string;
  readonly messageKey: MaintenanceMessageKey;
  readonly params: MaintenanceParams;
  readonly field: string | undefined;
  readonly advice: MaintenanceAdvice | undefined;
  constructor(
    code: string,
    text: MaintenanceMessage,
    options: { readonly field?: string; readonly advice?: MaintenanceAdvice; readonly cause?: unknown } = {},
  ) {
    super(text.key, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MaintenanceError';
    this.code = code;
    this.messageKey = text.key;
    this.params = text.params;
    this.field = options.field;
    this.advice = options.advice;
  }
}

/** A configuration value that is refused: exit 3 in kioskctl, the field named on the touch screen. */
export function configInvalid(field: string, text: MaintenanceMessage = message('configInvalid')): MaintenanceError {
  return new MaintenanceError('config.invalid', message(text.key, { field, ...text.params }), { field });
}

/** Anything thrown, as a maintenance error (an unexpected one keeps its code and says what it was). */
export function asMaintenanceError(error: unknown, code = 'error'): MaintenanceError {
  if (error instanceof MaintenanceError) return error;
  const own = (error as { code?: unknown } | null)?.code;
  return new MaintenanceError(
    typeof own === 'string' ? own : code,
    message('technicalDetail', { detail: error instanceof Error ? error.message : String(error) }),
    { cause: error },
  );
}

/** The technical detail of something thrown (a driver's or the OS's own words), for the `detail` parameter. */
export function technicalDetail(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}
