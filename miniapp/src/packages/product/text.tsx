import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Page } from '../../components';
import {
  EDITION_TEXT_TITLES,
  EditionGate,
  EditionTexts,
  isEditionTextKind,
  type EditionTextKind,
} from '../../features/product/content-pages';

/** 投保须知, 保险条款, 责任免除 (from the 投保须知 gate and 保障责任), by `?kind=`. */
export default function EditionTextPage() {
  const { code, kind: initial } = useRouter().params;
  const [kind, setKind] = useState<EditionTextKind>(isEditionTextKind(initial) ? initial : 'notice');
  function choose(next: EditionTextKind) {
    setKind(next);
    void Taro.setNavigationBarTitle({ title: EDITION_TEXT_TITLES[next] });
  }
  useLoad(() => void Taro.setNavigationBarTitle({ title: EDITION_TEXT_TITLES[kind] }));
  return (
    <Page>
      <EditionGate code={code}>
        {(product) => <EditionTexts product={product} kind={kind} onKind={choose} />}
      </EditionGate>
    </Page>
  );
}
