import { useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import { DemoIdentityFill, IdentityForm, useIdentityForm } from '../../features/auth';
import { readRedirect } from '../../lib/navigation';
import { useRequireLogin } from '../../lib/use-require-login';

/** 实名认证: links the logged-in user to their registry person (姓名 + 身份证号). */
export default function IdentityPage() {
  const loggedIn = useRequireLogin();
  const redirect = readRedirect(useRouter().params);
  const form = useIdentityForm(redirect);
  if (!loggedIn) return <Page />;
  return (
    <Page>
      {process.env.TARO_ENV === 'h5' && <DemoIdentityFill onFill={form.fill} />}
      <IdentityForm form={form} />
    </Page>
  );
}
