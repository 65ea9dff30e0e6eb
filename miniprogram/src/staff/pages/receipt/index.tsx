import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { formatFen } from '../../../lib/money';
import { EarnBreakdownView } from '../../components/earn-breakdown';
import { lastReceipt } from '../../staff-state';

function Line({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="tk-panel__row">
      <Text className="tk-panel__label">{label}</Text>
      <Text className="tk-panel__value" id={id}>
        {value}
      </Text>
    </View>
  );
}

const SCAN_ROUTE = 'staff/pages/scan/index';

/**
 * "继续收银" goes back to the scan page below this one (which empties itself when shown) instead of
 * stacking a second scan page on the first, whose last member would still be there on Back.
 */
function backToScan() {
  const pages = Taro.getCurrentPages();
  const below = pages[pages.length - 2]?.route?.replace(/^\//, '').split('?')[0];
  if (below === SCAN_ROUTE) Taro.navigateBack();
  else Taro.redirectTo({ url: `/${SCAN_ROUTE}` });
}

/** The receipt of the checkout just submitted, as the BFF recorded it. */
export default function ReceiptPage() {
  const [receipt] = useState(lastReceipt);
  if (!receipt) return <View className="tk-page tk-empty">没有可显示的小票。</View>;
  return (
    <View className="tk-page">
      <View className="tk-banner tk-banner--success" id="receipt-success">
        收款成功
      </View>
      <View className="tk-panel" id="receipt">
        <Line id="receipt-order-ref" label="订单号" value={receipt.orderRef} />
        <Line id="receipt-checkout-id" label="流水号" value={receipt.checkoutId} />
        <Line id="receipt-amount" label="消费金额" value={formatFen(receipt.amountFen)} />
        <Line id="receipt-coupon-discount" label="优惠券抵扣" value={`-${formatFen(receipt.couponDiscountFen)}`} />
        <Line id="receipt-points-redeemed" label="使用积分" value={`${receipt.pointsRedeemed}`} />
        <Line id="receipt-points-discount" label="积分抵扣" value={`-${formatFen(receipt.pointsDiscountFen)}`} />
        <Line id="receipt-stored-value" label="储值支付" value={`-${formatFen(receipt.storedValuePaidFen)}`} />
        <Line id="receipt-cash-due" label="实收现金" value={formatFen(receipt.cashDueFen)} />
        <Line id="receipt-points-earned" label="本单得积分" value={`+${receipt.pointsEarned}`} />
        <EarnBreakdownView checkout={receipt} idPrefix="receipt" />
        <Line id="receipt-member-points" label="会员当前积分" value={`${receipt.member.points}`} />
        <Line id="receipt-member-stored-value" label="会员储值余额" value={formatFen(receipt.member.storedValueFen)} />
      </View>
      <View className="tk-stack">
        <Button id="receipt-next" className="tk-button tk-button--primary" onClick={backToScan}>
          继续收银
        </Button>
        <Button
          id="receipt-today"
          className="tk-button tk-button--ghost"
          onClick={() => Taro.redirectTo({ url: '/staff/pages/today/index' })}
        >
          今日订单
        </Button>
      </View>
    </View>
  );
}
