/** Shapes WeChat Pay v3 returns (only the fields Tongka reads; WeChat may add more). */

export interface PayParams {
  timeStamp: string;
  nonceStr: string;
  /** `prepay_id=...` */
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface JsapiOrderInput {
  description: string;
  outTradeNo: string;
  notifyUrl: string;
  amountFen: number;
  openid: string;
  /** RFC 3339, e.g. 2026-01-02T15:04:05+08:00 */
  timeExpire?: string;
  attach?: string;
}

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface WechatPayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: TradeState;
  trade_state_desc?: string;
  success_time?: string;
  attach?: string;
  payer?: { openid: string };
  amount: {
    total: number;
    payer_total?: number;
    currency?: string;
    payer_currency?: string;
  };
}

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  reason?: string;
  notifyUrl?: string;
}

export interface WechatPayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  status: RefundStatus;
  success_time?: string;
  create_time: string;
  amount: {
    total: number;
    refund: number;
    payer_total: number;
    payer_refund: number;
    currency: string;
  };
}

/** Decrypted TRANSACTION.SUCCESS resource. */
export type PaymentResource = WechatPayTransaction;

/** Decrypted REFUND.* resource. */
export interface RefundResource {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL';
  success_time?: string;
  amount: {
    total: number;
    refund: number;
    payer_total: number;
    payer_refund: number;
  };
}
