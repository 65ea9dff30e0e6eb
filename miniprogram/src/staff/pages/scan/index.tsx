import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { storeLabel } from '../../../lib/store-label';
import { formatShanghaiTime } from '../../../lib/time';
import { platform } from '../../../platform';
import { describeError } from '../../../services/http';
import { getStaffRoles } from '../../../services/session';
import { scanMemberCode } from '../../../services/staff';
import { MemberPanel } from '../../components/member-panel';
import { chooseStore, clearScan, currentStore, type OpenScan, saveScan } from '../../staff-state';

/** Cashier's first step: scan (camera, or what a scanner gun types) to open a 10-minute scan. */
export default function ScanPage() {
  const roles = getStaffRoles();
  const [store, setStore] = useState(currentStore);
  const [scan, setScan] = useState<OpenScan | null>(null);
  const [manualCode, setManualCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  // Every sale starts from an empty page: coming back here (after a checkout, or Back from the
  // checkout page) forgets the last member, so their balances and the 收银结账 button cannot be
  // used for the next customer.
  useDidShow(() => {
    setStore(currentStore());
    clearScan();
    setScan(null);
    setError('');
  });

  const submitCode = async (raw: string) => {
    const code = raw.replace(/\s+/g, '');
    if (!store || busy) return;
    if (!code) {
      setError('请输入或扫描会员码。');
      return;
    }
    setBusy(true);
    setError('');
    // A new scan replaces the last member at once, so a failure never shows above someone else's panel.
    clearScan();
    setScan(null);
    try {
      const result = await scanMemberCode(store.storeId, code);
      const opened = { ...result, storeId: store.storeId };
      saveScan(opened);
      setScan(opened);
      setManualCode('');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const scanWithCamera = async () => {
    const text = await platform.scanCode();
    if (text) await submitCode(text);
  };

  if (!store) {
    return <View className="tk-page tk-empty">你还不是任何门店的店员。</View>;
  }
  return (
    <View className="tk-page">
      {roles.length > 1 && (
        <View className="tk-tabs" id="store-switcher">
          {roles.map((role) => (
            <View
              key={role.storeId}
              className={`tk-tab ${role.storeId === store.storeId ? 'tk-tab--active' : ''}`}
              onClick={() => {
                chooseStore(role.storeId);
                setStore(role);
                setScan(null);
              }}
            >
              {storeLabel(role)}
            </View>
          ))}
        </View>
      )}
      <View className="tk-panel tk-stack">
        <Text className="tk-title" id="staff-store">
          {storeLabel(store)} · 收银
        </Text>
        {platform.canScanWithCamera && (
          <Button
            id="scan-camera-button"
            className="tk-button tk-button--primary"
            onClick={scanWithCamera}
            disabled={busy || undefined}
          >
            扫描会员码
          </Button>
        )}
        <Input
          id="manual-code-input"
          className="tk-input"
          type="number"
          maxlength={24}
          placeholder="输入或用扫码枪扫入 18 位会员码"
          value={manualCode}
          onInput={(e) => setManualCode(e.detail.value)}
          onConfirm={(e) => submitCode(e.detail.value)}
        />
        <Button
          id="manual-code-submit"
          className="tk-button tk-button--ghost"
          onClick={() => submitCode(manualCode)}
          disabled={busy || undefined}
        >
          确认会员码
        </Button>
      </View>
      {error && (
        <View className="tk-banner tk-banner--error" id="scan-error">
          {error}
        </View>
      )}
      {scan && (
        <View>
          <MemberPanel member={scan.member} />
          <Text className="tk-muted">本次扫码 {formatShanghaiTime(scan.expiresAt)} 前有效</Text>
          <Button
            id="go-checkout"
            className="tk-button tk-button--gold"
            style={{ marginTop: '16px' }}
            onClick={() => Taro.navigateTo({ url: '/staff/pages/checkout/index' })}
          >
            收银结账
          </Button>
        </View>
      )}
      <Button
        id="go-today"
        className="tk-button tk-button--ghost"
        style={{ marginTop: '24px' }}
        onClick={() => Taro.navigateTo({ url: '/staff/pages/today/index' })}
      >
        今日订单与退款
      </Button>
      <Button
        id="go-verify"
        className="tk-button tk-button--ghost"
        onClick={() => Taro.navigateTo({ url: '/staff/pages/verify/index' })}
      >
        核销赠品券 / 提货码
      </Button>
    </View>
  );
}
