import { useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import { CodeLoginForm, PersonaList, WechatLogin, useDemoPersonas, useLogin } from '../../features/auth';
import { readRedirect } from '../../lib/navigation';

/** WeChat logs in with `Taro.login`; the browser build lists the demo personas and takes any code. */
export default function LoginPage() {
  const redirect = readRedirect(useRouter().params);
  const { busy, loginWithCode, loginWithWechat } = useLogin(redirect);
  const inWechat = process.env.TARO_ENV === 'weapp';
  const personas = useDemoPersonas(!inWechat);

  if (inWechat) {
    return (
      <Page>
        <WechatLogin busy={busy} onLogin={() => void loginWithWechat()} />
      </Page>
    );
  }
  return (
    <Page>
      <PersonaList
        personas={personas.data}
        loading={personas.loading}
        failed={Boolean(personas.error)}
        onPick={(persona) => void loginWithCode(persona.code, { demoPersona: true })}
      />
      <CodeLoginForm busy={busy} onSubmit={(code) => void loginWithCode(code)} />
    </Page>
  );
}
