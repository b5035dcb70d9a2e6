import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Cell, CellGroup, EmptyState, Page } from '../../components';
import { PayableList, ResidentIntro, YearChips, confirmUrl, usePayable } from '../../features/resident';
import { openPage } from '../../lib/navigation';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 为家人缴居民医保: pick the year, see the relatives in 城乡居民医保 and pay one; 缴费记录. */
export default function ResidentHomePage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <ResidentHome />}</Page>;
}

function ResidentHome() {
  const payable = usePayable();

  usePullDownRefresh(async () => {
    await payable.reload();
    Taro.stopPullDownRefresh();
  });

  return (
    <>
      <ResidentIntro />
      {payable.years && (
        <CellGroup title="缴费年度">
          {payable.years.length > 0 ? (
            <YearChips years={payable.years} value={payable.year} onChange={payable.chooseYear} />
          ) : (
            <EmptyState
              testId="resident-no-year"
              title="当前不在城乡居民医保集中参保期"
              description="集中参保期开始后即可为家人缴费，请届时再来。"
            />
          )}
        </CellGroup>
      )}
      {payable.year !== null || !payable.years ? (
        <PayableList
          year={payable.year}
          items={payable.items}
          error={payable.error}
          onPay={(item) => payable.year !== null && openPage(confirmUrl(item.bindingId, payable.year))}
          onRetry={() => void payable.reload()}
          onVerify={() => openPage(`${PAGES.identity}?redirect=${encodeURIComponent(PAGES.resident)}`)}
          onOpenFamily={() => openPage(PAGES.family)}
        />
      ) : null}
      <CellGroup>
        <Cell
          testId="resident-records"
          title="缴费记录"
          description="查看为家人缴纳居民医保的历史记录"
          arrow
          onClick={() => openPage(PAGES.residentRecords)}
        />
      </CellGroup>
    </>
  );
}
