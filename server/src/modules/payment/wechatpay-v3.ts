import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';

/**
 * WeChat Pay API v3's signatures and encryption, with node:crypto alone (docs/decisions.md says why):
 * - a request is signed SHA256withRSA (PKCS#1 v1.5) over `METHOD\nURL\ntimestamp\nnonce\nbody\n` with the
 *   merchant's key, and sent as `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,nonce_str=…,…`;
 * - answers and notifications are signed the same way over `timestamp\nnonce\nbody\n` with the platform
 *   key, in the `Wechatpay-Timestamp/-Nonce/-Signature/-Serial` headers;
 * - a notification's `resource` is AEAD_AES_256_GCM under the 32-byte APIv3 key (ciphertext ‖ 16-byte tag,
 *   base64; the nonce and associated data are UTF-8 strings);
 * - wx.requestPayment's `paySign` is SHA256withRSA over `appId\ntimeStamp\nnonceStr\npackage\n`.
 */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** How far a signed timestamp may be from our clock, either way (WeChat's own rule). */
export const TIMESTAMP_WINDOW_SECONDS = 300;

export const HEADER = {
  timestamp: 'wechatpay-timestamp',
  nonce: 'wechatpay-nonce',
  signature: 'wechatpay-signature',
  serial: 'wechatpay-serial',
} as const;

export function loadPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** The public key of a certificate (PEM), and its serial number as WeChat writes it (upper-case hex). */
export function loadCertificate(pem: string): { publicKey: KeyObject; serial: string; validTo: Date } {
  const cert = new X509Certificate(pem);
  return {
    publicKey: cert.publicKey,
    serial: cert.serialNumber.toUpperCase(),
    validTo: new Date(cert.validTo),
  };
}

export function publicKeyOf(privateKey: KeyObject): KeyObject {
  return createPublicKey(privateKey);
}

export const nonceString = (): string => randomBytes(16).toString('hex').toUpperCase();

export const unixSeconds = (at: number = Date.now()): string => String(Math.floor(at / 1000));

export function rsaSign(message: string, key: KeyObject): string {
  return sign('sha256', Buffer.from(message, 'utf8'), key).toString('base64');
}

export function rsaVerify(message: string, signature: string, key: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The string a merchant request is signed over; `url` is the path with its query string. */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The string an answer or a notification is signed over. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export interface MerchantCredentials {
  mchId: string;
  /** The merchant certificate's serial number. */
  serial: string;
  privateKey: KeyObject;
}

/** The Authorization header of a merchant request. */
export function authorization(
  m: MerchantCredentials,
  method: string,
  url: string,
  body: string,
  timestamp = unixSeconds(),
  nonce = nonceString(),
): string {
  const signature = rsaSign(requestMessage(method, url, timestamp, nonce, body), m.privateKey);
  return `${AUTH_SCHEMA} mchid="${m.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${m.serial}"`;
}

/** The fields of an Authorization header, or null when it is not WeChat Pay's schema. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]] = m[2];
  return fields;
}

/** The four headers of a signed answer or notification. */
export function signedHeaders(
  body: string,
  key: KeyObject,
  serial: string,
  timestamp = unixSeconds(),
  nonce = nonceString(),
): Record<string, string> {
  return {
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
    [HEADER.signature]: rsaSign(responseMessage(timestamp, nonce, body), key),
    [HEADER.serial]: serial,
  };
}

export type SignatureCheck =
  | { ok: true; timestamp: string; nonce: string; signature: string }
  | { ok: false; reason: 'MISSING_HEADERS' | 'UNKNOWN_SERIAL' | 'EXPIRED' | 'BAD_SIGNATURE' };

/**
 * Checks the Wechatpay-* headers of an answer or a notification: the serial is the platform
 * certificate's, the timestamp within five minutes of `now`, and the signature over the raw body holds.
 */
export function checkSignedHeaders(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  platform: { publicKey: KeyObject; serial: string },
  now: number = Date.now(),
): SignatureCheck {
  const [timestamp, nonce, signature, serial] = [
    HEADER.timestamp,
    HEADER.nonce,
    HEADER.signature,
    HEADER.serial,
  ].map((h) => headers[h]);
  if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string')
    return { ok: false, reason: 'MISSING_HEADERS' };
  if (typeof serial !== 'string' || serial.toUpperCase() !== platform.serial)
    return { ok: false, reason: 'UNKNOWN_SERIAL' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_SECONDS)
    return { ok: false, reason: 'EXPIRED' };
  if (!rsaVerify(responseMessage(timestamp, nonce, rawBody), signature, platform.publicKey))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true, timestamp, nonce, signature };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

/** AEAD_AES_256_GCM decryption of a notification's resource; throws when the tag does not hold. */
export function decryptResource(
  apiV3Key: Buffer,
  nonce: string | Buffer,
  associatedData: string | Buffer,
  ciphertextBase64: string,
): string {
  const data = Buffer.from(ciphertextBase64, 'base64');
  if (data.length < 16) throw new Error('ciphertext shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(associatedData));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** The emulator's side of decryptResource: ciphertext ‖ tag, base64. */
export function encryptResource(
  apiV3Key: Buffer,
  nonce: string | Buffer,
  associatedData: string | Buffer,
  plaintext: string,
): string {
  const cipher = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const out = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return out.toString('base64');
}

/** wx.requestPayment's parameters for a prepay id, signed with the merchant key (signType RSA). */
export function paymentParameters(
  appId: string,
  prepayId: string,
  key: KeyObject,
  timeStamp = unixSeconds(),
  nonceStr = nonceString(),
): { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string } {
  const pkg = `prepay_id=${prepayId}`;
  return {
    timeStamp,
    nonceStr,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, key),
  };
}
