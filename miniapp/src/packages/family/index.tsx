import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { AppButton, Cell, CellGroup, Page, ResultNotice, usePageNotice } from '../../components';
import { FamilyIntro, RelativeList, spendingUrl, useRelatives } from '../../features/family';
import { openPage } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 共济办理: what it is, the relatives I bound, 添加亲属, and the accounts that pay for me. */
export default function FamilyHomePage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <FamilyHome />}</Page>;
}

function FamilyHome() {
  const relatives = useRelatives();
  const outcome = usePageNotice(PAGES.family);

  usePullDownRefresh(async () => {
    await relatives.reload();
    Taro.stopPullDownRefresh();
  });

  return (
    <>
      {outcome.notice && (
        <ResultNotice notice={outcome.notice} onClose={outcome.close} testId="family-notice" />
      )}
      <FamilyIntro />
      <RelativeList
        relatives={relatives.data}
        error={relatives.error}
        onOpen={(binding) => openPage(spendingUrl(binding.bindingId))}
        onRetry={() => void relatives.reload()}
        onVerify={() => openPage(`${PAGES.identity}?redirect=${encodeURIComponent(PAGES.family)}`)}
      />
      <View className="actions">
        <AppButton type="primary" onClick={() => openPage(PAGES.familyAdd)} testId="family-add">
          添加亲属
        </AppButton>
      </View>
      <CellGroup title="为我支付的共济账户">
        <Cell
          testId="family-authorizers"
          title="可使用的共济账户"
          description="亲属为您绑定的个账，可调整使用顺序"
          arrow
          onClick={() => openPage(PAGES.familyAuthorizers)}
        />
      </CellGroup>
    </>
  );
}
