import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ClaimChannelKind, ProductView } from '@puhui/shared';
import { AppButton, Card, Cell, CellGroup } from '../../../components';
import { Unpublished } from './EditionGate';
import './content.css';

const CHANNEL_KINDS: Record<ClaimChannelKind, string> = {
  HOTLINE: '客服热线',
  MINI_PROGRAM: '小程序',
  OFFICIAL_ACCOUNT: '微信公众号',
  APP: '手机应用',
  COUNTER: '线下柜面',
};

/** Dials a number (WeChat asks the user first; the browser hands a tel: link to the phone). */
export function callNumber(phoneNumber: string) {
  void Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

/** 理赔指引: the steps, the materials, and the insurers' channels from the edition's configuration. */
export function ClaimGuideView({ product }: { product: ProductView }) {
  const claims = product.content?.claims;
  if (!claims) return <Unpublished what="理赔指引" year={product.year} />;
  return (
    <>
      <Card title="怎么申请理赔" testId="claims-steps">
        {claims.steps.map((step, index) => (
          <View key={step} className="content__list-item" data-testid={`claims-step-${index}`}>
            <Text className="content__list-index">{index + 1}.</Text>
            <Text className="content__list-text">{step}</Text>
          </View>
        ))}
      </Card>
      <Card title="需要准备的材料" testId="claims-materials">
        {claims.materials.map((material, index) => (
          <View key={material} className="content__list-item" data-testid={`claims-material-${index}`}>
            <Text className="content__list-index">·</Text>
            <Text className="content__list-text">{material}</Text>
          </View>
        ))}
      </Card>
      <CellGroup title="理赔渠道" footer={claims.note}>
        {claims.channels.map((channel, index) => (
          <Cell
            key={`${channel.kind}-${channel.name}`}
            testId={`claims-channel-${index}`}
            title={`${channel.name} · ${CHANNEL_KINDS[channel.kind]}`}
            description={channel.note ? `${channel.value}（${channel.note}）` : channel.value}
            value={
              channel.kind === 'HOTLINE' ? (
                <AppButton
                  size="small"
                  onClick={() => callNumber(channel.value)}
                  testId={`claims-call-${index}`}
                >
                  拨打 {channel.value}
                </AppButton>
              ) : undefined
            }
          />
        ))}
      </CellGroup>
    </>
  );
}
