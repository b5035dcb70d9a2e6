import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { AppButton, Card, Cell, CellGroup, Page } from '../../components';
import { closeAccount } from '../../features/privacy';
import { clearSession } from '../../lib/session';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

const DELETED = [
  '微信账号与本服务的关联（再次登录将是新用户）',
  '实名认证关联（可重新认证）',
  '消息记录',
  '您作为缴费人的次年自动投保缴费（全部关闭，被保险人会收到通知）',
];
const KEPT = [
  '保单、订单与退保记录：保险合同终止后至少五年（保险法）',
  '医保个账流水、居民医保缴费、就医结算：由医保经办机构按会计规定保存',
  '家庭共济绑定：医保核心系统的记录，如需解除请先到 共济办理 解除',
  '同意与撤回记录：注销后五年，作为依法取得同意的凭证',
];

/** 账号注销: what goes and what stays (and why), then a confirm. */
export default function CloseAccountPage() {
  const loggedIn = useRequireLogin();
  const [busy, setBusy] = useState(false);
  if (!loggedIn) return <Page />;

  async function confirmClose() {
    const { confirm } = await Taro.showModal({
      title: '确认注销账号',
      content: '注销后不可恢复：当前微信账号将解除关联，自动续保全部关闭。确定注销吗？',
      confirmText: '注销',
      confirmColor: '#c62828',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await closeAccount();
      clearSession();
      void Taro.showToast({ title: '账号已注销', icon: 'success' });
      void Taro.switchTab({ url: PAGES.me });
    } catch {
      // The request layer showed the message.
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page>
      <CellGroup title="注销后将删除">
        {DELETED.map((t) => (
          <Cell key={t} title={t} />
        ))}
      </CellGroup>
      <CellGroup title="按规定继续保存">
        {KEPT.map((t) => (
          <Cell key={t} title={t} />
        ))}
      </CellGroup>
      <Card>
        <View className="actions">
          <AppButton type="warn" loading={busy} testId="close-account" onClick={() => void confirmClose()}>
            注销账号
          </AppButton>
        </View>
      </Card>
    </Page>
  );
}
