import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { AppButton, Page } from '../../components';
import { ContentLinks, EligibilityCard, FaqList, OpenProduct } from '../../features/product';
import { PAGES } from '../../lib/pages';
import './index.css';

/** 首页: the open edition's facts, its 保障内容 / 理赔指引 / 客服, who can enrol, and the official Q&A. */
export default function HomePage() {
  return (
    <Page>
      <View className="home__banner">
        <Text className="home__brand">北京普惠健康保</Text>
        <Text className="home__slogan">政府指导 · 老少同价 · 医保个账可为家人缴费</Text>
      </View>
      <OpenProduct>
        {() => (
          <View className="actions home__actions">
            <AppButton
              type="primary"
              onClick={() => Taro.switchTab({ url: PAGES.enroll })}
              testId="home-enroll"
            >
              立即投保
            </AppButton>
          </View>
        )}
      </OpenProduct>
      <ContentLinks links={['cover', 'claims', 'help']} testIdPrefix="home" />
      <EligibilityCard />
      <FaqList />
    </Page>
  );
}
