import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Pay from 'wechatpay-node-v3';
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { Config } from '../../../config';
import { decryptAes256Gcm } from './aes-gcm';
import { WechatPayError, WechatUnavailableError } from './errors';
import { RedirectingPayRequest } from './pay-http';
import type { JsapiOrderInput, PayParams, RefundInput, WechatPayRefund, WechatPayTransaction } from './pay-types';

/** WeChat Pay API v3 through wechatpay-node-v3 2.2.1 (pinned exactly; see WECHAT.md). */

export interface PayClientOptions {
  appid: string;
  mchid: string;
  /** Merchant private key (PEM). */
  privateKeyPem: string | Buffer;
  /** Merchant certificate serial; read from `merchantCertPem` when absent. */
  serial?: string;
  merchantCertPem?: string | Buffer;
  /** WECHATPAY_API_BASE */
  apiBase: string;
  timeoutMs?: number;
}

export interface PlatformCertificate {
  serial: string;
  publicKey: KeyObject;
}

export function payOptionsFromConfig(config: Config): PayClientOptions {
  const {
    WECHATPAY_MCHID: mchid,
    WECHATPAY_PRIVATE_KEY: keyPath,
    WECHATPAY_SERIAL: serial,
    WECHATPAY_CERT: certPath,
  } = config;
  if (!mchid || !keyPath || (!serial && !certPath)) {
    throw new Error('WeChat Pay needs WECHATPAY_MCHID, WECHATPAY_PRIVATE_KEY and WECHATPAY_SERIAL or WECHATPAY_CERT');
  }
  return {
    appid: config.WECHAT_APPID,
    mchid,
    privateKeyPem: readFileSync(keyPath),
    serial,
    merchantCertPem: certPath ? readFileSync(certPath) : undefined,
    apiBase: config.WECHATPAY_API_BASE,
  };
}

export class PayClient {
  private readonly pay: Pay;

  constructor(options: PayClientOptions) {
    const privateKey = Buffer.from(options.privateKeyPem);
    const serial =
      options.serial ??
      (options.merchantCertPem ? new X509Certificate(options.merchantCertPem).serialNumber : undefined);
    if (!serial) throw new Error('WeChat Pay needs the merchant serial or certificate');
    // The SDK insists on a "publicKey" but only parses it for the serial, which we pass ourselves.
    const publicKey = options.merchantCertPem
      ? Buffer.from(options.merchantCertPem)
      : Buffer.from(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }));
    this.pay = new Pay({
      appid: options.appid,
      mchid: options.mchid,
      publicKey,
      privateKey,
      serial_no: serial,
    });
    this.pay.createHttp(new RedirectingPayRequest(options.apiBase, options.timeoutMs ?? 10_000));
  }

  /** Places a JSAPI order; returns what Taro.requestPayment needs. */
  async createJsapiOrder(input: JsapiOrderInput): Promise<{ prepayId: string; payParams: PayParams }> {
    const result = await this.pay.transactions_jsapi({
      description: input.description,
      out_trade_no: input.outTradeNo,
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.openid },
      ...(input.timeExpire ? { time_expire: input.timeExpire } : {}),
      ...(input.attach ? { attach: input.attach } : {}),
    });
    const data = expectOk<{
      package?: string;
      timeStamp: string;
      nonceStr: string;
      paySign: string;
    }>(result, 'transactions/jsapi');
    // 2.2.0 changed this shape; fail loudly rather than hand the client broken params.
    if (!data?.package?.startsWith('prepay_id=') || !data.paySign)
      throw new WechatUnavailableError('transactions/jsapi', 'unexpected SDK result');
    const payParams: PayParams = {
      timeStamp: data.timeStamp,
      nonceStr: data.nonceStr,
      package: data.package,
      signType: 'RSA',
      paySign: data.paySign,
    };
    return { prepayId: data.package.slice('prepay_id='.length), payParams };
  }

  /** The order as WeChat sees it, or null when WeChat does not know it (ORDER_NOT_EXIST). */
  async queryOrder(outTradeNo: string): Promise<WechatPayTransaction | null> {
    const result = await this.pay.query({ out_trade_no: outTradeNo });
    if (isNotFound(result)) return null;
    return expectOk<WechatPayTransaction>(result, 'transactions/query');
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    expectOk(await this.pay.close(outTradeNo), 'transactions/close');
  }

  async refund(input: RefundInput): Promise<WechatPayRefund> {
    const result = await this.pay.refunds({
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      amount: {
        refund: input.refundFen,
        total: input.totalFen,
        currency: 'CNY',
      },
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
    });
    return expectOk<WechatPayRefund>(result as Output, 'refunds');
  }

  async queryRefund(outRefundNo: string): Promise<WechatPayRefund | null> {
    const result = (await this.pay.find_refunds(outRefundNo)) as Output;
    if (isNotFound(result)) return null;
    return expectOk<WechatPayRefund>(result, 'refunds/query');
  }

  /** Platform certificates from /v3/certificates, decrypted with the tag checked. */
  async fetchPlatformCertificates(apiV3Key: string): Promise<PlatformCertificate[]> {
    const items = await this.pay.get_certificates(apiV3Key).catch((error: Error) => {
      throw new WechatUnavailableError('certificates', error.message);
    });
    return items.map((item) => {
      const pem = decryptAes256Gcm(item.encrypt_certificate, apiV3Key);
      return {
        serial: item.serial_no,
        publicKey: new X509Certificate(pem).publicKey,
      };
    });
  }
}

function isNotFound(result: Output): boolean {
  return result.status === 404;
}

/** Turns the SDK's `{status, data, error}` into data or a typed error. */
function expectOk<T>(result: Output, endpoint: string): T {
  if (result.status === undefined || result.status === null) {
    throw new WechatUnavailableError(endpoint, String(result.error ?? 'network failure'));
  }
  if (result.status >= 200 && result.status < 300) return result.data as T;
  let code = 'HTTP_ERROR';
  let message = String(result.error ?? '');
  try {
    const parsed = JSON.parse(message) as { code?: string; message?: string };
    code = parsed.code ?? code;
    message = parsed.message ?? message;
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the raw text.
  }
  if (result.status >= 500) throw new WechatUnavailableError(endpoint, `HTTP ${result.status} ${code} ${message}`);
  throw new WechatPayError(result.status, code, message, endpoint);
}
