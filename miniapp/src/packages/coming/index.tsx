import { useRef } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Card, EmptyState, Page } from '../../components';
import { COMING_SOON, PAGES, type ComingSoonFeature } from '../../lib/pages';

/** Where menu entries of functions not built yet lead: says so plainly and goes back. */
export default function ComingSoonPage() {
  const feature = useRouter().params.feature;
  const title = feature && feature in COMING_SOON ? COMING_SOON[feature as ComingSoonFeature] : null;
  const leaving = useRef(false);

  useLoad(() => {
    if (title) Taro.setNavigationBarTitle({ title });
  });

  function back() {
    // A second tap while the page slides out would go back past the first page.
    if (leaving.current) return;
    leaving.current = true;
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack();
    else Taro.switchTab({ url: PAGES.me });
  }

  return (
    <Page>
      <Card testId="coming-soon">
        <EmptyState
          title={`「${title ?? '该功能'}」正在建设中`}
          description="功能开放后即可在这里办理，敬请期待。"
          action={{ text: '返回', onClick: back, testId: 'coming-back' }}
        />
      </Card>
    </Page>
  );
}
