import { View } from '@tarojs/components';
import type { ProductView } from '@puhui/shared';
import { Card } from '../../../components';
import { EDITION_TEXT_KINDS, EDITION_TEXT_TITLES, type EditionTextKind } from '../links';
import { Unpublished } from './EditionGate';
import './content.css';

interface EditionTextsProps {
  product: ProductView;
  kind: EditionTextKind;
  onKind: (kind: EditionTextKind) => void;
}

/** 投保须知, 保险条款 and 责任免除 of an edition, one at a time under three tabs. */
export function EditionTexts({ product, kind, onKind }: EditionTextsProps) {
  const sections = product.content?.[kind] ?? [];
  return (
    <>
      <View className="content__tabs">
        {EDITION_TEXT_KINDS.map((k) => (
          <View
            key={k}
            className={k === kind ? 'content__tab content__tab--active' : 'content__tab'}
            data-testid={`text-tab-${k}`}
            data-active={k === kind ? 'true' : 'false'}
            onClick={() => onKind(k)}
          >
            {EDITION_TEXT_TITLES[k]}
          </View>
        ))}
      </View>
      {sections.length === 0 ? (
        <Unpublished what={EDITION_TEXT_TITLES[kind]} year={product.year} />
      ) : (
        <Card
          title={`${product.name} ${product.year}年度 ${EDITION_TEXT_TITLES[kind]}`}
          testId={`text-${kind}`}
        >
          {sections.map((section, index) => (
            <View key={section.title} className="content__section" data-testid={`text-section-${index}`}>
              <View className="content__section-title">{section.title}</View>
              <View className="content__section-body">{section.body}</View>
            </View>
          ))}
        </Card>
      )}
    </>
  );
}
