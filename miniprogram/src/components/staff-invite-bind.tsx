import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { storeLabel } from '../lib/store-label';
import { platform } from '../platform';
import { describeError } from '../services/http';
import { getStaffRoles } from '../services/session';
import { bindStaffInvite, inviteCodeFrom } from '../services/staff-invite';
import type { StaffRole } from '../services/types';

const ROLE_TEXT: Record<string, string> = { clerk: '店员', manager: '店长' };

interface Props {
  /** The member's roles after the bind, so the page shows the new store and the till entry. */
  onBound: (staff: StaffRole[]) => void;
}

/** A store employee joins their store: the invite code HQ created, typed or scanned from its QR. */
export function StaffInviteBind({ onBound }: Props) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  const bind = async (raw: string) => {
    const inviteCode = inviteCodeFrom(raw);
    if (busy) return;
    if (!inviteCode) {
      setOutcome({ ok: false, message: '请输入店长或总部给你的店员邀请码。' });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      const before = new Set(getStaffRoles().map((role) => role.storeId));
      const { staff } = await bindStaffInvite(inviteCode);
      const added = staff.filter((role) => !before.has(role.storeId));
      const joined = added[added.length - 1] ?? staff[staff.length - 1];
      setCode('');
      setOutcome({
        ok: true,
        message: joined
          ? `绑定成功：你已是${storeLabel(joined)}的${ROLE_TEXT[joined.role] ?? joined.role}，可进入店员收银台。`
          : '绑定成功。',
      });
      onBound(staff);
    } catch (failure) {
      setOutcome({ ok: false, message: describeError(failure) });
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    const text = await platform.scanQrText();
    if (text) await bind(text);
  };

  return (
    <View>
      <View className="tk-section-title">门店员工绑定</View>
      <View className="tk-panel tk-stack" id="staff-invite">
        <Text className="tk-panel__label tk-block">
          在门店工作？输入店长或总部给你的邀请码，或扫描邀请二维码，绑定后即可收银。
        </Text>
        <Input
          id="invite-code-input"
          className="tk-input"
          maxlength={64}
          placeholder="店员邀请码"
          value={code}
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={(e) => bind(e.detail.value)}
        />
        <View className="tk-row">
          <Button
            id="invite-bind-button"
            className="tk-button tk-button--primary"
            style={{ flex: 1, marginRight: '16px', marginTop: 0 }}
            disabled={busy || undefined}
            onClick={() => bind(code)}
          >
            绑定
          </Button>
          <Button
            id="invite-scan-button"
            className="tk-button tk-button--ghost"
            style={{ flex: 1, marginTop: 0 }}
            disabled={busy || undefined}
            onClick={scan}
          >
            扫码绑定
          </Button>
        </View>
        {outcome && (
          <View id="invite-result" className={`tk-banner ${outcome.ok ? 'tk-banner--success' : 'tk-banner--error'}`}>
            {outcome.message}
          </View>
        )}
      </View>
    </View>
  );
}
