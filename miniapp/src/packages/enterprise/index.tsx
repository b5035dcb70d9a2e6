import Taro from '@tarojs/taro';
import { Page } from '../../components';
import {
  EnterpriseForm,
  EnterpriseIntro,
  EnterpriseResult,
  useEnterpriseForm,
} from '../../features/enterprise';
import { PAGES } from '../../lib/pages';

/** 企业登记: a company registers to enrol its staff as a group; no login needed. */
export default function EnterprisePage() {
  const form = useEnterpriseForm();
  return (
    <Page>
      {form.result ? (
        <EnterpriseResult answer={form.result} onDone={leave} />
      ) : (
        <>
          <EnterpriseIntro />
          <EnterpriseForm form={form} />
        </>
      )}
    </Page>
  );
}

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.switchTab({ url: PAGES.me });
}
