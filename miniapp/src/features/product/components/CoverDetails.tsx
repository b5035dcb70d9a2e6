import { Text, View } from '@tarojs/components';
import { formatFen, type EditionCover, type ProductView } from '@puhui/shared';
import { Card } from '../../../components';
import { formatDate, formatFenAsWan } from '../../../lib/format';
import { coverItemFacts } from '../cover-text';
import { Unpublished } from './EditionGate';
import './content.css';

/** 保障责任 in plain words: what the sum insured covers, deductibles and rates, 既往症 and 连续参保. */
export function CoverDetails({ product }: { product: ProductView }) {
  const cover = product.content?.cover;
  return (
    <>
      <Card title={`${product.name} ${product.year}年度`} testId="cover-facts">
        <View className="content__figures">
          <View className="content__figure">
            <Text className="content__figure-value" data-testid="cover-sum-insured">
              {formatFenAsWan(product.sumInsuredFen)}
            </Text>
            <Text className="content__figure-label">累计保额</Text>
          </View>
          <View className="content__figure">
            <Text className="content__figure-value">{formatFen(product.premiumFen)}</Text>
            <Text className="content__figure-label">每人每年</Text>
          </View>
        </View>
        <View className="content__paragraph">
          保障期限 {formatDate(product.coverageStart)} 至 {formatDate(product.coverageEnd)}
        </View>
        {cover && (
          <View className="content__paragraph content__hint" data-testid="cover-summary">
            {cover.summary}
          </View>
        )}
      </Card>
      {cover ? <CoverBody cover={cover} /> : <Unpublished what="保障责任" year={product.year} />}
    </>
  );
}

function CoverBody({ cover }: { cover: EditionCover }) {
  return (
    <>
      <Card title="保障责任" testId="cover-items">
        {cover.items.map((item, index) => (
          <View key={item.title} className="cover-item" data-testid={`cover-item-${index}`}>
            <View className="cover-item__title" data-testid={`cover-item-${index}-title`}>
              {item.title}
            </View>
            <View className="cover-item__facts">
              {coverItemFacts(item).map((fact) => (
                <View key={fact.key} className="cover-item__fact">
                  <Text className="cover-item__fact-label">{fact.label}</Text>
                  <Text className="cover-item__fact-value" data-testid={`cover-item-${index}-${fact.key}`}>
                    {fact.value}
                  </Text>
                </View>
              ))}
            </View>
            <View className="cover-item__scope">{item.scope}</View>
            {item.note && <View className="cover-item__note">{item.note}</View>}
          </View>
        ))}
      </Card>
      <Card title="既往症" testId="cover-pre-existing">
        {cover.preExisting.conditions.length > 0 && (
          <View className="content__chips">
            {cover.preExisting.conditions.map((condition) => (
              <Text key={condition} className="content__chip">
                {condition}
              </Text>
            ))}
          </View>
        )}
        <View className="content__paragraph">{cover.preExisting.rule}</View>
      </Card>
      {cover.continuity && (
        <Card title="连续参保" testId="cover-continuity">
          <View className="content__paragraph">{cover.continuity}</View>
        </Card>
      )}
      {cover.figuresNote && (
        <View className="tip" data-testid="cover-figures-note">
          {cover.figuresNote}
        </View>
      )}
    </>
  );
}
