/**
 * kioskctl's words for what the maintenance layer says: the English a
 * technician reads over SSH, with the kioskctl commands to type. Every
 * message and advice key has its sentence here (the `satisfies` below fails
 * the typecheck when one is missing); technician mode words the same keys
 * through the touch screen's catalogues instead.
 */
import type { CheckResult } from '../maintenance/selftest-checks.ts';
import type {
  MaintenanceAdvice,
  MaintenanceAdviceKey,
  MaintenanceError,
  MaintenanceMessage,
  MaintenanceMessageKey,
  MaintenanceParams,
} from '../maintenance/maintenance-error.ts';

type Words = (p: Readonly<Record<string, string | number>>) => string;

const GUIDE = 'docs/technician-guide.md';
const ROLE_NAMES: Readonly<Record<string, string>> = { fingerprint: 'fingerprint reader', cardReader: 'card reader', printer: 'receipt printer' };
const role = (p: MaintenanceParams) => ROLE_NAMES[String(p.role)] ?? String(p.role);
const invalid = (p: MaintenanceParams, reason: string) => `invalid kiosk configuration: ${p.field}: ${reason}`;
const ageText = (p: MaintenanceParams) => `${p.age} ${p.ageUnit}`;

const MESSAGES = {
  configInvalid: (p) => invalid(p, String(p.reason)),
  configNotConfigured: (p) =>
    invalid(
      p,
      p.field === 'centralUrl'
        ? 'not configured: kioskctl config set centralUrl https://… centralCaFile /path/ca.pem'
        : 'not configured: kioskctl config set centralCaFile /path/ca.pem',
    ),
  configFileUnreadable: (p) => invalid(p, `cannot read ${p.path} (${p.os})`),
  configNotCertificate: (p) => invalid(p, `${p.path} is not a PEM certificate`),
  dbNotFound: (p) =>
    `no kiosk database at ${p.path}: check --data-dir (or KIOSK_DATA_DIR); the kiosk creates it at its first start, and "kioskctl config set" creates it too`,
  dbOpenFailed: (p) => String(p.detail),
  dbNewerVersion: (p) => `${p.detail}; use the kioskctl of the installed kiosk version`,
  centralNotRegistered: () => 'this kiosk has no client certificate for central yet: kioskctl register --token TOKEN',
  centralCredentialsInvalid: (p) =>
    `${p.detail}: the stored client certificate does not go with centralCaFile; register again: kioskctl register --token TOKEN --force`,
  centralFailed: (p) => String(p.detail),
  centralRefusedHttp: (p) =>
    `central refused the kiosk's client certificate (HTTP ${p.status}${p.problem}): expired, revoked or issued by another central; register again: kioskctl register --token TOKEN --force`,
  centralHttpError: (p) => `central's health check answered HTTP ${p.status}${p.problem}`,
  centralBadResponse: () => 'the health answer is not what central sends: is centralUrl the central enrollment API?',
  centralTooLarge: () => 'central answer is too large',
  centralTimeout: (p) => `central at ${p.central} did not answer within ${p.timeoutMs} ms`,
  centralRefusedTls: (p) => `central at ${p.central} refused the kiosk's client certificate in the TLS handshake (${p.os})`,
  centralUntrusted: (p) =>
    `central at ${p.central} presented a certificate this kiosk cannot trust (${p.os}): is centralCaFile central's CA, and the kiosk's clock right?`,
  centralUnreachable: (p) => `central at ${p.central} is not reachable (${p.os})`,
  centralAlreadyRegistered: (p) =>
    `this kiosk is registered already${p.serial !== undefined ? ` (certificate ${p.serial}, ${p.subject}, valid until ${p.notAfter})` : ''}; to register again with a new token, add --force`,
  registrationFailed: (p) => String(p.detail),
  exportTargetMissing: (p) => `${p.target} does not exist (is the USB stick mounted?)`,
  exportTargetUnknown: (p) => `${p.target} is not a place offered for export`,
  hidDeviceMissing: (p) => `no HID device ${p.id} is attached (is the bridge plugged in, and readable by this user?)`,
  technicalDetail: (p) => String(p.detail),
  skipNeedsConfig: () => 'needs a usable configuration (see the config line)',
  skipNeedsCentral: () => 'needs an answer from central (see central.reachable)',
  configNothingStored: () => 'no configuration stored yet: the kiosk runs on the development defaults',
  configValid: (p) => `configuration valid (kiosk ${p.kioskId}, ${p.mode}, updated ${p.updatedAt === '' ? null : p.updatedAt})`,
  centralAnswers: (p) => `central answers at ${p.central} over ${p.tlsVersion} in ${p.roundTripMs} ms`,
  clockNoDate: () => 'central sent no Date header; the clock could not be compared',
  clockOff: (p) => `the kiosk clock is ${p.seconds} s ${p.direction === 'behind' ? 'behind' : 'ahead of'} central (${p.verdict} above ${p.limit} s)`,
  clockWithin: (p) => `the kiosk clock is within ${p.seconds} s of central`,
  certificateMissing: () => 'the kiosk has no client certificate for central',
  certificateOtherKiosk: (p) =>
    `the client certificate is for kiosk "${p.certificateKioskId === '' ? null : p.certificateKioskId}" but the configuration says "${p.kioskId}"`,
  certificateExpired: (p) => `the client certificate expired on ${p.notAfter}`,
  certificateExpiring: (p) => `the client certificate expires in ${p.days} days (${p.notAfter})`,
  certificateValid: (p) => `the client certificate is valid for ${p.days} more days`,
  diskFree: (p) => `${p.freeMiB} MiB free in the data directory`,
  diskLow: (p) => `only ${p.freeMiB} MiB free (the kiosk refuses new sessions below ${p.minFreeMiB} MiB)`,
  queueFull: (p) => `${p.rows} rows wait in the outbox (the kiosk refuses new sessions from ${p.maxRows})`,
  outboxDead: (p) => `${p.count} dead-letter rows (${p.reasons})`,
  outboxOld: (p) => `the oldest pending row is ${ageText(p)} old (rows expire after ${p.maxAgeDays} days)`,
  outboxEmpty: () => 'the outbox is empty',
  outboxPending: (p) => `${p.count} rows pending, the oldest ${ageText(p)} old`,
  deviceSimulated: (p) => `${role(p)} is simulated inside the service (nothing to probe)`,
  deviceNoPrinterNeeded: () => 'no printer assigned (ChileAtiende mode prints nothing)',
  deviceNotAssigned: (p) => `no ${role(p)} assigned`,
  deviceFailed: (p) => `${role(p)} at ${p.device}: ${p.detail}`,
  fingerprintAnswers: (p) => `fingerprint module answers at ${p.device} (capacity ${p.capacity}, ${p.packetBytes}-byte packets, ${p.baud} baud)`,
  cardReaderOpens: (p) => `card reader port opens at ${p.device} (a reader says nothing until a card is presented)`,
  cardReaderConnected: (p) => `card reader is connected at ${p.device} (a reader says nothing until a card is presented: use the card test)`,
  printerFileOpens: (p) => `printer device ${p.device} opens for writing (a USB printer file gives no status)`,
  printerPaperNearEnd: (p) => `printer at ${p.device} is ready, but its paper roll is nearly used up`,
  printerReady: (p) => `printer at ${p.device} is online with paper`,
  printerNoAnswer: (p) => `printer at ${p.device} does not answer`,
  printerNeedsAttention: (p) => `printer at ${p.device} needs attention (paper, cover or an error)`,
  deviceNotConnected: (p) => `the ${role(p)} at ${p.device} is not connected`,
  fingerNone: (p) => `no finger on the sensor within ${p.seconds} s`,
  fingerPoor: () => 'the reader works, but the image was too poor to read',
  fingerprintFailed: (p) => `fingerprint reader: ${p.detail}`,
  cardUnusable: (p) => `the card could not be used: ${p.detail}`,
  cardNone: (p) => `no card was read within ${p.seconds} s`,
  cardReaderFailed: (p) => `card reader: ${p.detail}`,
  receiptNotPrinted: (p) => `the test receipt was not printed: ${p.detail}`,
} as const satisfies Record<MaintenanceMessageKey, Words>;

const setDevice = (p: MaintenanceParams) => `kioskctl devices list, then kioskctl config set devices.${p.role} …`;
const registerAgain = 'ask central operations for a registration token and run kioskctl register --token TOKEN --force';

const ADVICE = {
  provisionDataDir: () => 'check --data-dir; on a new kiosk, provision it first (kioskctl config set …, see the technician guide)',
  provisionFirstRun: () => 'provision it: kioskctl config set … (technician guide, first run)',
  fixConfigField: (p) => `fix it with kioskctl config set${p.field !== undefined ? ` ${p.field} …` : ' …'}; kioskctl config validate checks it`,
  configureCentral: () => 'configure central: kioskctl config set centralUrl https://… centralCaFile /path/ca.pem',
  configureCentralCa: () => 'kioskctl config set centralCaFile /path/ca.pem',
  register: () => 'register the kiosk: kioskctl register --token TOKEN (ask central operations for a one-time token)',
  registerAgain: () => registerAgain,
  registerAgainSoon: () => `within the next weeks: ${registerAgain}`,
  setKioskIdBack: () => `set kioskId back, or ${registerAgain}`,
  credentialsInvalid: () => 'the stored certificate belongs to another central CA: kioskctl register --token TOKEN --force',
  checkNetwork: () =>
    'check the network cable and the kiosk IP configuration, that centralUrl is right (kioskctl config get centralUrl), and that the firewall lets the kiosk reach it on 443; then kioskctl central test',
  checkNetworkPath: () =>
    'central did not answer in time: check the network path (proxy, firewall dropping packets, DNS) and centralUrl; then kioskctl central test',
  checkTrust: () =>
    'check that centralCaFile is central’s CA certificate, that the kiosk clock is right (central.clock cannot tell without a connection: timedatectl status), and that no proxy intercepts TLS',
  certificateRefused: () => 'central no longer accepts this kiosk’s certificate (revoked or expired): kioskctl register --token TOKEN --force',
  centralError: () => 'central answered with an error: try again later, and report it to central operations if it persists',
  notCentral: () => 'what answers at centralUrl is not the central enrollment API: check centralUrl',
  centralTest: () => 'run kioskctl central test for details',
  alreadyRegistered: () => 'to register again with a new token, add --force',
  tokenInvalid: () => 'the token is wrong (mistyped, or for another central): ask central operations for a new one',
  tokenUsed: () => 'the token was used already (each token registers once): ask for a new one',
  tokenExpired: () => 'the token has expired: ask for a new one',
  tokenOtherKiosk: () => 'the token was issued for another kiosk id: pass the kiosk id it was issued for with --kiosk-id',
  kioskIdInvalid: () => 'the kiosk id is not valid: letters, digits, dot, dash or underscore, at most 64',
  newToken: () => 'ask central operations for a new one-time token for this kiosk id',
  timeSync: () => 'check the kiosk time sync (timedatectl status; NTP or chrony must be active and reach a time server), then run selftest again',
  freeDisk: () => 'free space on the data directory disk (old logs, files left by updates; never delete kiosk.sqlite3*), then run selftest again',
  drainQueue: () => 'get central reachable so the queue drains (see the central lines), then kioskctl queue retry',
  deadRows: () =>
    'kioskctl queue status shows each row and its reason; once the cause is fixed, kioskctl queue retry --dead sends those still young enough; report the others to central operations',
  queueRetry: () => 'get central reachable, then kioskctl queue retry',
  permissionHid: () => `no permission to open the device: install the hidraw udev rule (${GUIDE}, Linux permissions), log in again, and rerun selftest`,
  permissionLp: () => `no permission to open the device: add the kiosk user to the lp group (${GUIDE}, Linux permissions), log in again, and rerun selftest`,
  permissionDialout: () =>
    `no permission to open the device: add the kiosk user to the dialout group (${GUIDE}, Linux permissions), log in again, and rerun selftest`,
  deviceBusy: () =>
    'the device is in use, normally by the running kiosk service; its live status is on the technician screen (stop the service to probe it from here)',
  notSerialPort: (p) => `that path is not a serial port; ${setDevice(p)}`,
  loadPaper: () => 'load a paper roll (80 mm thermal) and close the cover',
  closeCover: () => 'close the printer cover',
  printerOffline: () => 'the printer is offline or in error: check the cover, the paper and the cutter, then switch it off and on',
  wrongDevice: (p) => `something answers, but not a ${role(p)}: another device is on this port; ${setDevice(p)}`,
  checkBaud: (p) =>
    `the port opens but nothing answers: check the baud rate (${p.role === 'fingerprint' ? 'fingerprint modules 57600: serial:/dev/ttyUSB0@57600' : 'printers mostly 9600 or 19200: serial:/dev/ttyUSB0@9600'}), the power of the device, and that it is on this port`,
  notPlugged: (p) => `not plugged in, or another path: check the cable and power; ${setDevice(p)}`,
  printerNetwork: () =>
    'the printer is not reachable or does not answer: check its power and network cable, that its IP address is the one configured (print its self-test page), and that it listens on 9100',
  devicesGuide: () => `see ${GUIDE} (Devices); kioskctl devices list shows what is plugged in`,
  assignDevice: (p) => `kioskctl devices list, then kioskctl config set devices.${p.role} …  (${GUIDE})`,
  newRoll: () => 'put a new roll in at the next visit',
  printerCheck: () => 'check the paper roll and the cover, then print a test receipt: it names the exact fault',
  pressFinger: () => 'press a finger flat on the sensor, then start the test',
  cleanSensor: () => 'clean the sensor glass and press the finger flat and still',
  cardUnreadable: () =>
    'the reader sent something that is not a cédula MRZ or QR: present the back of the card flat, and check the reader is in serial or HID POS mode (not keyboard mode)',
  cardCheckDigit: () => 'a check digit does not match: read the card again; if it repeats, clean the card and the reader window',
  cardInvalidRun: () => 'the RUN read fails its check digit: read the card again',
  cardNotChileanId: () => 'the reader works; this document is not a Chilean identity card',
  cardExpired: () => 'the reader works; this card has expired (try another card)',
  cardMismatch: () => 'the MRZ and the QR of the card disagree: read it again',
  presentCard: () => 'present the back of the card to the reader right after starting the test',
  mountUsb: () => 'plug in and mount a USB stick, then choose it from the list',
} as const satisfies Record<MaintenanceAdviceKey, Words>;

export function englishMessage(text: MaintenanceMessage): string {
  return MESSAGES[text.key](text.params);
}

export function englishAdvice(text: MaintenanceAdvice): string {
  return ADVICE[text.key](text.params);
}

/** A maintenance error as kioskctl has always said it; a registration refusal central explained gets its advice appended. */
export function englishError(error: MaintenanceError): string {
  const said = englishMessage({ key: error.messageKey, params: error.params });
  return error.code === 'central.registration_failed' && error.advice !== undefined ? `${said}: ${englishAdvice(error.advice)}` : said;
}

/** A selftest line as kioskctl prints it: `summary` and `action` in English. */
export function englishLine(line: CheckResult) {
  return {
    check: line.check,
    status: line.status,
    summary: englishMessage(line.message),
    ...(line.advice !== undefined && { action: englishAdvice(line.advice) }),
    ...(line.facts !== undefined && { facts: line.facts }),
  };
}

/** A device test's result as kioskctl prints it: a failure's message and advice in English. */
export function englishResult<T extends { readonly outcome: string }>(result: T) {
  if (result.outcome !== 'fail') return result;
  const { message, advice, ...rest } = result as unknown as { message: MaintenanceMessage; advice?: MaintenanceAdvice; [field: string]: unknown };
  return { ...rest, summary: englishMessage(message), ...(advice !== undefined && { action: englishAdvice(advice) }) };
}
