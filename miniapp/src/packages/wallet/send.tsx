import { Page } from '../../components';
import { PasswordKeypad } from '../../components/PasswordKeypad';
import { TransferForm, useSendTransfer } from '../../features/wallet';
import { useRequireLogin } from '../../lib/use-require-login';

/** 转账申请 → 支付密码 → back to 医保钱包 with the pending transfer (seed 001). */
export default function WalletSendPage() {
  const loggedIn = useRequireLogin();
  const form = useSendTransfer();
  if (!loggedIn) return <Page />;
  return (
    <Page>
      <TransferForm form={form} />
      {form.keypadOpen && form.amountFen !== null && (
        <PasswordKeypad
          amountFen={form.amountFen}
          subtitle="医保个账转出 · 转入亲属医保钱包"
          error={form.keypadError}
          onSubmit={form.submitPassword}
          onClose={form.closeKeypad}
        />
      )}
    </Page>
  );
}
