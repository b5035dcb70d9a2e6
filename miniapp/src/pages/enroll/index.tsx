import { Cell, CellGroup, Page } from '../../components';
import { OpenProduct } from '../../features/product';
import { openPage } from '../../lib/navigation';
import { comingSoonUrl } from '../../lib/pages';

/** 立即投保: the open edition, then the first step of the purchase (built in the next step). */
export default function EnrollPage() {
  return (
    <Page>
      <OpenProduct>
        {() => (
          <>
            <CellGroup
              title="投保信息"
              footer="可为本人和家人投保；用医保个账为家人缴费，需先在 个人中心 - 共济办理 绑定家人。"
            >
              <Cell
                testId="enroll-select-insured"
                title="选择被保险人"
                description="选择本人、已绑定共济的家人，或填写其他家人信息"
                value="下一步开放"
                arrow
                onClick={() => openPage(comingSoonUrl('insured'), { needsLogin: true })}
              />
              <Cell title="缴费方式" value="医保个账 / 微信支付" />
            </CellGroup>
          </>
        )}
      </OpenProduct>
    </Page>
  );
}
