import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { PAGES } from '../lib/pages';

type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

interface WechatPrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: Resolve, event: { referrer: string }) => void) => void;
}

/** The page showing now registers itself here, so that WeChat's request opens the popup on it. */
let showOnCurrent: ((resolve: Resolve) => void) | null = null;
let registered = false;

function registerOnce() {
  const wxApi = (globalThis as unknown as { wx?: WechatPrivacyApi }).wx;
  if (registered || !wxApi?.onNeedPrivacyAuthorization) return;
  registered = true;
  // WeChat (with __usePrivacyCheck__) calls this before the first privacy API (setClipboardData here):
  // the API waits until resolve() says agree or disagree.
  wxApi.onNeedPrivacyAuthorization((resolve) => {
    if (showOnCurrent) showOnCurrent(resolve);
    else resolve({ event: 'disagree' });
  });
}

/**
 * WeChat's privacy flow, weapp build only: our own popup, whose agree button has
 * `open-type="agreePrivacyAuthorization"` (WeChat records the agreement from that tap), with the
 * 隐私保护指引 one tap away. The H5 build has no such flow and shows our consent pages instead.
 */
export function PrivacyPopup() {
  const [pending, setPending] = useState<Resolve | null>(null);
  useEffect(() => {
    registerOnce();
    const show = (resolve: Resolve) => setPending(() => resolve);
    showOnCurrent = show;
    return () => {
      if (showOnCurrent === show) showOnCurrent = null;
    };
  }, []);
  if (!pending) return null;
  const answer = (event: 'agree' | 'disagree') => {
    pending({ event, buttonId: 'privacy-agree' });
    setPending(null);
  };
  return (
    <View className="privacy-popup">
      <View className="privacy-popup__panel">
        <View className="privacy-popup__title">隐私保护提示</View>
        <View className="privacy-popup__body">
          使用该功能前，请阅读并同意
          <View
            className="privacy-popup__link"
            onClick={() => void Taro.navigateTo({ url: PAGES.privacyPolicy })}
          >
            《隐私保护指引》
          </View>
        </View>
        <Button className="btn btn--default btn--small" onClick={() => answer('disagree')}>
          不同意
        </Button>
        {/* open-type is WeChat's; Taro's types do not list agreePrivacyAuthorization yet. */}
        <Button
          id="privacy-agree"
          className="btn btn--primary btn--small"
          openType={'agreePrivacyAuthorization' as 'share'}
          onClick={() => answer('agree')}
        >
          同意
        </Button>
      </View>
    </View>
  );
}
