import path from 'node:path';
import { WechatPayEmulator } from './emulator';
import { EMULATOR_FILES, ensureEmulatorKeys, readEmulatorPlatformKey, readKeyFile } from './emulator-keys';
import { loadCertificate, loadPrivateKey, publicKeyOf } from './wechatpay-v3';

/**
 * The WeChat Pay emulator as its own process (node server/dist/modules/payment/emulator-main.js), so that
 * servers reach it by URL (WECHAT_PAY_EMULATOR_URL) as they reach api.mch.weixin.qq.com, and a server
 * SIGKILL does not take the gateway's trades, refunds and pending notifications with it. Its state lives
 * in memory: the process is never killed in the fault run, only the servers are.
 *
 * Settings: WECHAT_PAY_KEY_DIR (DATA_DIR/wechatpay; generated on first use and shared with the servers),
 * WECHAT_PAY_MCHID, WECHAT_PAY_APPID (as the servers'), WECHAT_PAY_EMULATOR_PORT (0: any free port),
 * WECHAT_PAY_EMULATOR_CHAOS (on: duplicate, concurrent and forged deliveries now and then),
 * WECHAT_PAY_REFUND_SETTLE_SECONDS (5). Prints `wechat-pay emulator on <url>` when it listens.
 */
async function main() {
  const env = process.env;
  const keyDir = path.resolve(
    env.WECHAT_PAY_KEY_DIR || path.join(env.DATA_DIR || path.join(process.cwd(), 'data'), 'wechatpay'),
  );
  ensureEmulatorKeys(keyDir);
  const merchantCert = loadCertificate(readKeyFile(keyDir, EMULATOR_FILES.merchantCert));
  const platformCert = loadCertificate(readKeyFile(keyDir, EMULATOR_FILES.platformCert));
  const merchantKey = loadPrivateKey(readKeyFile(keyDir, EMULATOR_FILES.merchantKey));
  const emulator = new WechatPayEmulator({
    mchId: env.WECHAT_PAY_MCHID || '1900000109',
    appId: env.WECHAT_PAY_APPID || env.WECHAT_APPID || 'wx0000000000emulator',
    merchant: { publicKey: publicKeyOf(merchantKey), serial: merchantCert.serial },
    platform: { privateKey: loadPrivateKey(readEmulatorPlatformKey(keyDir)), serial: platformCert.serial },
    apiV3Key: Buffer.from(readKeyFile(keyDir, EMULATOR_FILES.apiV3Key).trim(), 'utf8'),
    chaos: env.WECHAT_PAY_EMULATOR_CHAOS !== 'off',
    realTime: true,
    refundSettleSeconds: Number(env.WECHAT_PAY_REFUND_SETTLE_SECONDS || 5),
  });
  const url = await emulator.listen(Number(env.WECHAT_PAY_EMULATOR_PORT || 0));
  console.log(`wechat-pay emulator on ${url}`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
