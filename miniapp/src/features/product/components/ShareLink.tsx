import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, View } from '@tarojs/components';
import { AppButton } from '../../../components';
import './content.css';

/** The address of a page of this app, as the browser build opens it (hash router). */
function h5Url(path: string): string {
  return `${window.location.origin}${window.location.pathname}#${path}`;
}

/**
 * 分享给家人: in WeChat the page's own share (the page sets useShareAppMessage); in the browser build a
 * copy-link button, the link staying on screen whether or not the clipboard took it.
 */
export function ShareLink({ path, testId = 'share' }: { path: string; testId?: string }) {
  const [copied, setCopied] = useState<{ url: string; ok: boolean } | null>(null);
  if (process.env.TARO_ENV !== 'h5') {
    return (
      <Button className="btn btn--default btn--large" openType="share" data-testid={testId}>
        分享给家人
      </Button>
    );
  }
  async function copy() {
    const url = h5Url(path);
    const ok = await Taro.setClipboardData({ data: url }).then(
      () => true,
      () => false,
    );
    setCopied({ url, ok });
  }
  return (
    <View>
      <AppButton onClick={() => void copy()} testId={testId}>
        复制保单链接
      </AppButton>
      {copied && (
        <View className="share__link" data-testid={`${testId}-link`}>
          {copied.ok ? '链接已复制，可粘贴发送给家人：' : '请长按复制下面的链接：'}
          {copied.url}
        </View>
      )}
    </View>
  );
}
