import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { BindingView } from '@puhui/shared';
import { leaveNotice } from '../../../components/ResultNotice';
import { PAGES } from '../../../lib/pages';
import { unbindRelative } from '../api';
import { leaveToFamilyHome } from '../navigation';

/**
 * 解除绑定: a confirm modal that says what stops, then DELETE, then back to the list. `onFailed` runs
 * when the server refused (e.g. the binding had already ended), so that the page can show the truth.
 */
export function useUnbind(onFailed: () => void) {
  const [unbinding, setUnbinding] = useState(false);
  // From the tap, through the confirm modal, to the answer (a ref: two taps in one frame).
  const busy = useRef(false);

  async function unbind(binding: BindingView) {
    if (busy.current) return;
    busy.current = true;
    let done = false;
    try {
      const { confirm } = await Taro.showModal({
        title: '解除共济绑定',
        content: `解除后该亲属将不能再使用您的个账支付医疗费用和保费，已产生的共济消费记录仍可查看。确定解除与${binding.relative.person.name}的共济绑定吗？`,
        confirmText: '解除绑定',
        confirmColor: '#c93030',
      });
      if (!confirm) return;
      setUnbinding(true);
      await unbindRelative(binding.bindingId);
      done = true;
      leaveNotice(PAGES.family, {
        type: 'success',
        title: '已解除绑定',
        description: `${binding.relative.person.name} 不能再使用您的医保个账，由您缴费的保单也不能再从您的个账自动续保。已产生的共济消费记录仍可查看。`,
      });
      leaveToFamilyHome();
    } catch {
      // request() has toasted the server's message (e.g. 该共济关系已解除).
      onFailed();
    } finally {
      // After success the page is leaving: keep the button disabled so it cannot be tapped twice.
      if (!done) {
        busy.current = false;
        setUnbinding(false);
      }
    }
  }

  return { unbinding, unbind };
}
