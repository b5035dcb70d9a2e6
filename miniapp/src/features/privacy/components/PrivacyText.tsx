import { Text, View } from '@tarojs/components';
import type { PrivacyDocumentView } from '@puhui/shared';

/** One privacy text with its version, section by section. */
export function PrivacyText({ doc }: { doc: PrivacyDocumentView }) {
  return (
    <View className="privacy-text" data-testid={`privacy-text-${doc.kind}`}>
      <View className="privacy-text__title">{doc.title}</View>
      <View className="privacy-text__version">
        版本 {doc.version} · 发布于 {doc.publishedAt.slice(0, 10)}
      </View>
      {doc.sections.map((s) => (
        <View key={s.title} className="privacy-text__section">
          <Text className="privacy-text__heading">{s.title}</Text>
          <View className="privacy-text__body">{s.body}</View>
        </View>
      ))}
    </View>
  );
}
