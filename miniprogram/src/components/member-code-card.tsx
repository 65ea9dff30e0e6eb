import { Image, Text, View } from '@tarojs/components';
import { memberCodeAt, secondsUntilNextCode, totpStep } from '@tongka/shared-types/dist/member-code';
import { useMemo } from 'react';
import { code128Matrix } from '../lib/code128';
import { matrixToPngDataUrl } from '../lib/png';
import { qrMatrix } from '../lib/qr';
import type { MemberCodeSecret } from '../services/types';

interface Props {
  secret: MemberCodeSecret;
  nowMs: number;
}

/**
 * The member code as QR, Code 128 and digits. It is computed on the device from the stored
 * secret every 30 s step, so it keeps working with no network.
 */
export function MemberCodeCard({ secret, nowMs }: Props) {
  const step = totpStep(nowMs);
  // biome-ignore lint/correctness/useExhaustiveDependencies: recompute once per 30 s step, not per tick
  const code = useMemo(() => memberCodeAt(secret.memberCodeId, secret.secret, nowMs), [secret, step]);
  const images = useMemo(
    () => ({
      qr: matrixToPngDataUrl(qrMatrix(code), 8),
      barcode: matrixToPngDataUrl(code128Matrix(code), 4, 60),
    }),
    [code],
  );
  const secondsLeft = secondsUntilNextCode(nowMs);
  return (
    <View className="tk-code-card" id="member-code-card">
      <Image id="member-barcode" className="tk-code-card__barcode" src={images.barcode} mode="scaleToFill" />
      {/* The plain 18 digits (spaced by CSS letter-spacing) so e2e tests and cashiers read the same text. */}
      <Text id="member-code-digits" className="tk-code-card__digits">
        {code}
      </Text>
      <Image id="member-qr" className="tk-code-card__qr" src={images.qr} mode="aspectFit" />
      <View className="tk-code-card__hint">
        <Text id="member-code-countdown" className="tk-code-card__countdown">
          {secondsLeft}
        </Text>
        <Text> 秒后自动刷新 · 仅限门店收银时出示</Text>
      </View>
    </View>
  );
}
