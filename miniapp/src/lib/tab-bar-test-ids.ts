/** Test ids of the tab-bar items, in the order of `tabBar.list` in app.config.ts. */
const TAB_TEST_IDS = ['tab-home', 'tab-enroll', 'tab-me'];

/**
 * H5 only: Taro draws the tab bar itself (`.weui-tabbar__item` links) with no way to pass attributes,
 * so label its items once they exist, giving browser tests the same `data-testid` hooks as the pages.
 */
export function labelTabBarForTests(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof MutationObserver === 'undefined') return;
  const label = () => {
    const items = document.querySelectorAll('.weui-tabbar__item');
    items.forEach((item, index) => {
      if (TAB_TEST_IDS[index] && !item.hasAttribute('data-testid'))
        item.setAttribute('data-testid', TAB_TEST_IDS[index]);
    });
    return items.length >= TAB_TEST_IDS.length;
  };
  if (label()) return;
  const observer = new MutationObserver(() => {
    if (label()) observer.disconnect();
  });
  observer.observe(document.body, { childList: true, subtree: true });
}
