import Taro, { useRouter } from '@tarojs/taro';
import { CONSENTS_NEEDED } from '@puhui/shared';
import { Page } from '../../components';
import { ConsentGate } from '../../features/privacy';
import { readRedirect } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** Asks again for a consent that was withdrawn or has a new version, then returns where the user was. */
export default function ConsentPage() {
  const loggedIn = useRequireLogin();
  const redirect = readRedirect(useRouter().params) ?? PAGES.me;
  const back = () => void Taro.redirectTo({ url: redirect }).catch(() => Taro.switchTab({ url: PAGES.me }));
  return (
    <Page>
      {loggedIn && (
        <ConsentGate kinds={CONSENTS_NEEDED.identity} onAgreed={back}>
          {null}
        </ConsentGate>
      )}
    </Page>
  );
}
