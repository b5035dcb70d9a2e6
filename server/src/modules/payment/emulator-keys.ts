import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/** The files of the emulator's key directory: what the merchant holds, and the emulator's own platform keys. */
export const EMULATOR_FILES = {
  merchantKey: 'apiclient_key.pem',
  merchantCert: 'apiclient_cert.pem',
  platformKey: 'emulator_platform_key.pem',
  platformCert: 'wechatpay_platform_cert.pem',
  apiV3Key: 'apiv3_key',
} as const;

/** A self-signed certificate for `publicKeyPem`, as WeChat issues the merchant and platform certificates. */
function selfSignedCertificate(privateKeyPem: string, publicKeyPem: string, commonName: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = '4' + randomBytes(19).toString('hex').slice(1);
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const attrs = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'WeChat Pay emulator (not Tencent)' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
}

/**
 * The emulator's key material in `dir`, generated on first use: a merchant key and certificate (what a
 * merchant downloads from the merchant platform), the emulator's platform key and certificate, and an
 * APIv3 key. Written into a fresh directory that is renamed into place, so that processes starting at
 * once (parallel test workers) all end up with one consistent set.
 */
export function ensureEmulatorKeys(dir: string): void {
  if (existsSync(path.join(dir, EMULATOR_FILES.apiV3Key))) return;
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  mkdirSync(tmp, { mode: 0o700 });
  const merchant = rsaPair();
  const platform = rsaPair();
  const write = (name: string, text: string) => writeFileSync(path.join(tmp, name), text, { mode: 0o600 });
  write(EMULATOR_FILES.merchantKey, merchant.privateKey);
  write(
    EMULATOR_FILES.merchantCert,
    selfSignedCertificate(merchant.privateKey, merchant.publicKey, 'merchant'),
  );
  write(EMULATOR_FILES.platformKey, platform.privateKey);
  write(
    EMULATOR_FILES.platformCert,
    selfSignedCertificate(platform.privateKey, platform.publicKey, 'Tenpay.com Root CA emulator'),
  );
  // 32 printable characters, as the merchant platform makes one set.
  write(EMULATOR_FILES.apiV3Key, randomBytes(16).toString('hex'));
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process was first; its set is the one everyone uses.
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function readKeyFile(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

/** The emulator's own platform private key (only the emulator reads it). */
export const readEmulatorPlatformKey = (dir: string): string => readKeyFile(dir, EMULATOR_FILES.platformKey);
