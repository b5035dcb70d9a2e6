import { Text, View } from '@tarojs/components';
import type { ProductView } from '@puhui/shared';
import { AppButton, Card, EmptyState, Loading } from '../../../components';
import { goToLogin, openPage } from '../../../lib/navigation';
import { PAGES } from '../../../lib/pages';
import { useApplicant } from '../hooks/use-applicant';
import { InsuredPicker } from './InsuredPicker';
import './enrolment.css';

/**
 * 立即投保 under the edition's facts: who is to be insured. Needs a login and 实名认证 (the applicant's
 * registry person decides what they may pay with); until then it says so and offers the next step.
 */
export function EnrolStart({ product }: { product: ProductView }) {
  const { state, refresh } = useApplicant();
  switch (state.status) {
    case 'loading':
      return (
        <Card>
          <Loading />
        </Card>
      );
    case 'guest':
      return (
        <Card title="选择被保险人" testId="enrol-guest">
          <View className="enrol__prompt">登录并完成实名认证后，即可为本人和家人投保。</View>
          <AppButton
            type="primary"
            onClick={() => goToLogin({ returnTo: PAGES.enroll })}
            testId="enrol-login"
          >
            登录后投保
          </AppButton>
        </Card>
      );
    case 'unverified':
      return (
        <Card title="选择被保险人" testId="enrol-unverified">
          <View className="enrol__prompt">
            <Text>投保前需先完成实名认证，核验您的医保参保身份。</Text>
          </View>
          <AppButton
            type="primary"
            onClick={() => openPage(`${PAGES.identity}?redirect=${encodeURIComponent(PAGES.enroll)}`)}
            testId="enrol-identity"
          >
            去实名认证
          </AppButton>
        </Card>
      );
    case 'error':
      return (
        <Card testId="enrol-error">
          <EmptyState
            title="投保信息加载失败"
            description={state.message}
            action={{ text: '重新加载', onClick: () => void refresh(), testId: 'enrol-retry' }}
          />
        </Card>
      );
    case 'ready':
      return <InsuredPicker product={product} applicant={state.applicant} relatives={state.relatives} />;
  }
}
