import { useRouter } from '@tarojs/taro';
import { CONSENTS_NEEDED } from '@puhui/shared';
import { Page } from '../../components';
import { DemoIdentityFill, IdentityForm, useIdentityForm } from '../../features/auth';
import { readRedirect } from '../../lib/navigation';
import { useRequireLogin } from '../../lib/use-require-login';
import { ConsentGate } from '../../features/privacy';

/**
 * 实名认证: links the logged-in user to their registry person (姓名 + 身份证号), after the separate
 * consent to sensitive personal information (the first screen that collects anything).
 */
export default function IdentityPage() {
  const loggedIn = useRequireLogin();
  const redirect = readRedirect(useRouter().params);
  const form = useIdentityForm(redirect);
  if (!loggedIn) return <Page />;
  return (
    <Page>
      <ConsentGate kinds={CONSENTS_NEEDED.identity}>
        {process.env.TARO_ENV === 'h5' && <DemoIdentityFill onFill={form.fill} />}
        <IdentityForm form={form} />
      </ConsentGate>
    </Page>
  );
}
