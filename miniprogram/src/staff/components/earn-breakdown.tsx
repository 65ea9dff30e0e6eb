import { View } from '@tarojs/components';
import { earnBreakdownLines, ruleVersionText } from '../../lib/earn-breakdown';
import type { CheckoutResponse } from '../../services/types';

/** The earn explanation under "本单得积分", on the confirmation sheet and on the receipt. */
export function EarnBreakdownView({ checkout, idPrefix }: { checkout: CheckoutResponse; idPrefix: string }) {
  const lines = earnBreakdownLines(checkout.earnBreakdown, checkout.member.tier);
  return (
    <View className="tk-earn-breakdown" id={`${idPrefix}-earn-breakdown`}>
      {lines.map((line) => (
        <View className="tk-muted tk-earn-line" key={line.key}>
          {line.text}
        </View>
      ))}
      <View className="tk-muted tk-rule-version" id={`${idPrefix}-rule-version`}>
        {ruleVersionText(checkout)}
      </View>
    </View>
  );
}
