// Passkeys: the WebAuthn Level 3 JSON the API speaks (base64url for binary fields) to and from the
// browser's navigator.credentials, and the browser's refusals as ApiErrors with codes of our own
// (passkey_unsupported, passkey_cancelled, passkey_exists) that problem messages explain.
import { api, ApiError } from './api';

/** PublicKeyCredentialCreationOptionsJSON / PublicKeyCredentialRequestOptionsJSON as the API sends them. */
export interface CredentialDescriptorJSON { type: string; id: string; transports?: string[] }
export interface CreationOptionsJSON {
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: string; alg: number }[];
  timeout?: number;
  excludeCredentials?: CredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  extensions?: AuthenticationExtensionsClientInputs;
}
export interface RequestOptionsJSON {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: CredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
}
/** POST /api/v2/mfa/challenge/options */
export interface AssertionOptions { publicKey: RequestOptionsJSON; methods: string[] }

export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function'
    && !!navigator.credentials && typeof navigator.credentials.create === 'function';
}

export function toBase64url(buffer: ArrayBuffer | ArrayBufferView): string {
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function descriptor(d: CredentialDescriptorJSON): PublicKeyCredentialDescriptor {
  return { type: 'public-key', id: fromBase64url(d.id), transports: d.transports as AuthenticatorTransport[] | undefined };
}

function creationOptions(o: CreationOptionsJSON): PublicKeyCredentialCreationOptions {
  return {
    rp: o.rp,
    user: { ...o.user, id: fromBase64url(o.user.id) },
    challenge: fromBase64url(o.challenge),
    pubKeyCredParams: o.pubKeyCredParams.map((p) => ({ type: 'public-key', alg: p.alg })),
    timeout: o.timeout,
    excludeCredentials: (o.excludeCredentials ?? []).map(descriptor),
    authenticatorSelection: o.authenticatorSelection,
    attestation: o.attestation,
    extensions: o.extensions,
  };
}

function requestOptions(o: RequestOptionsJSON): PublicKeyCredentialRequestOptions {
  return {
    challenge: fromBase64url(o.challenge),
    timeout: o.timeout,
    rpId: o.rpId,
    allowCredentials: (o.allowCredentials ?? []).map(descriptor),
    userVerification: o.userVerification,
  };
}

/** RegistrationResponseJSON / AuthenticationResponseJSON, as PublicKeyCredential.toJSON() gives them. */
function toJSON(credential: PublicKeyCredential): Record<string, unknown> {
  const r = credential.response as AuthenticatorResponse & Partial<AuthenticatorAttestationResponse & AuthenticatorAssertionResponse>;
  const response: Record<string, unknown> = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    const transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
    if (transports.length) response.transports = transports;
  }
  if (r.authenticatorData) response.authenticatorData = toBase64url(r.authenticatorData);
  if (r.signature) response.signature = toBase64url(r.signature);
  if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults?.() ?? {},
  };
}

function refused(code: string): ApiError {
  return new ApiError({ status: 400, code });
}

/** The browser's refusals, each with a message of its own; anything else is the browser's own failure. */
function browserError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return refused('passkey_cancelled');
  if (name === 'InvalidStateError') return refused('passkey_exists');
  if (name === 'NotSupportedError' || name === 'SecurityError') return refused('passkey_unsupported');
  return refused('passkey_failed');
}

/** navigator.credentials.create with the API's creation options; the RegistrationResponseJSON for validate. */
export async function createPasskey(options: CreationOptionsJSON): Promise<Record<string, unknown>> {
  if (!passkeysSupported()) throw refused('passkey_unsupported');
  try {
    const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
    if (!credential) throw refused('passkey_cancelled');
    return toJSON(credential as PublicKeyCredential);
  } catch (err) { throw browserError(err); }
}

/** navigator.credentials.get with the API's request options; the AuthenticationResponseJSON. */
export async function getPasskey(options: RequestOptionsJSON): Promise<Record<string, unknown>> {
  if (!passkeysSupported()) throw refused('passkey_unsupported');
  try {
    const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
    if (!credential) throw refused('passkey_cancelled');
    return toJSON(credential as PublicKeyCredential);
  } catch (err) { throw browserError(err); }
}

/**
 * A step-up with a passkey in My Account: fresh options with the access token, the person's
 * assertion, and the value for X-MFA-Code (the assertion's JSON).
 */
export async function passkeyStepUp(): Promise<string> {
  const { publicKey } = await api<AssertionOptions>('POST', '/api/v2/mfa/challenge/options');
  return JSON.stringify(await getPasskey(publicKey));
}
