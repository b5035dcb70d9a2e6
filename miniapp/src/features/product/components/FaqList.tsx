import { useState } from 'react';
import { View } from '@tarojs/components';
import { CellGroup } from '../../../components';
import { FAQ } from '../content';
import './product.css';

interface FaqListProps {
  /** The official Q&A of 首页 unless an edition's own questions are given. */
  items?: ReadonlyArray<{ question: string; answer: string }>;
  testIdPrefix?: string;
}

/** 常见问题, each answer opening under its question on tap. */
export function FaqList({ items = FAQ, testIdPrefix = 'faq' }: FaqListProps) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <CellGroup title="常见问题">
      {items.map((item, index) => (
        <View key={item.question} className="cell faq" data-testid={`${testIdPrefix}-${index}`}>
          <View className="faq__question" onClick={() => setOpen(open === index ? null : index)}>
            <View className="faq__question-text">{item.question}</View>
            <View className={open === index ? 'faq__toggle faq__toggle--open' : 'faq__toggle'} />
          </View>
          {open === index && (
            <View className="faq__answer" data-testid={`${testIdPrefix}-answer-${index}`}>
              {item.answer}
            </View>
          )}
        </View>
      ))}
    </CellGroup>
  );
}
