/**
 * The kiosk service's way to central: registration (once per kiosk), the
 * typed client for every operation, the errors it ends in, the outbox's
 * delivery decision and the online/offline signal.
 */
import { CentralClient, type CentralClientOptions } from './central-client.ts';
import { CentralError, ensureKioskRegistered, type EnsureKioskRegisteredOptions, type KioskRegistration } from './central-registration.ts';

export {
  CentralClient,
  type CallOptions,
  type CentralClientOptions,
  type CentralTimeouts,
  type ChangeOptions,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUTS,
  interpretResponse,
  type SerializedChangePath,
} from './central-client.ts';
export {
  type Activation,
  type ActivationCode,
  type ActivationCodeRequest,
  type AnyProblemCode,
  type AuditEventRecord,
  type AuditEventsRequest,
  type AuditReceipt,
  auditSubjectAad,
  auditSubjectPlaintext,
  type CentralHealth,
  type DeferredEnrollmentRequest,
  type DeferredEnrollmentResult,
  deferredEnrollmentAad,
  type Finger,
  type HpkePublicKey,
  type OneStepActivationRequest,
  PASSWORD_RULE_IDS,
  type PasswordPolicy,
  type PasswordRuleId,
  PROBLEM_CODES,
  type ProblemCode,
  type VerificationResult,
  type VerifyIdentityRequest,
} from './central-contract.ts';
export {
  type BadResponseReason,
  type CentralAlarm,
  type CentralAnswer,
  CentralBadResponse,
  type CentralCallError,
  CentralProblem,
  CentralRequestInvalid,
  CentralUnavailable,
  type CentralUnavailableKind,
  deliveryOutcomeOf,
  deliveryOutcomeOfCall,
  type DeliveryOutcome,
  isCentralAnswer,
  isCentralCallError,
  type TimeoutPhase,
} from './central-errors.ts';
export {
  type DirectivePayload,
  type HeartbeatAlert,
  type HeartbeatAnswer,
  type HeartbeatDevice,
  type HeartbeatDeviceState,
  type HeartbeatRequest,
  heartbeatRequestSchema,
  OUT_OF_SERVICE_REASONS,
  type OutOfServiceReason,
  type SignedDirective,
} from './heartbeat-contract.ts';
export { type CentralTlsCredentials } from './central-transport.ts';
export {
  CentralConnectivity,
  type ConnectivityErrorKind,
  type ConnectivityListener,
  type ConnectivityOptions,
  type ConnectivitySnapshot,
  type ConnectivityState,
  type ProbeScheduler,
  timerScheduler,
} from './connectivity.ts';
export { CentralError, type CentralErrorCode, centralHealth, ensureKioskRegistered, type KioskRegistration } from './central-registration.ts';

export type LoadCentralClientOptions = EnsureKioskRegisteredOptions & Omit<CentralClientOptions, 'baseUrl' | 'tls'>;

/**
 * Builds the client from the kiosk's stored credentials, registering first
 * when there are none (`ensureKioskRegistered`: needs `registrationToken`
 * then). Makes no call itself: the first call (or the connectivity probe)
 * tells whether central answers.
 */
export async function loadCentralClient(options: LoadCentralClientOptions): Promise<{ client: CentralClient; registration: KioskRegistration }> {
  const { dataDir, centralUrl, caCertificatePem, kioskId, registrationToken, fetchImpl, ...clientOptions } = options;
  const registration = await ensureKioskRegistered({
    dataDir,
    centralUrl,
    caCertificatePem,
    kioskId,
    ...(registrationToken !== undefined && { registrationToken }),
    ...(fetchImpl !== undefined && { fetchImpl }),
  });
  const { ca, cert, key } = registration.tls;
  if (typeof ca !== 'string' || typeof cert !== 'string' || typeof key !== 'string')
    throw new CentralError('central.credentials_invalid', 'stored central credentials are not PEM text');
  const client = new CentralClient({ ...clientOptions, baseUrl: centralUrl, tls: { ca, cert, key } });
  return { client, registration };
}
