import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { isElderMode } from './lib/elder-mode';
import { labelTabBarForTests } from './lib/tab-bar-test-ids';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    labelTabBarForTests();
    // Marks <html> for 长辈模式 before the first page (H5: the title bar and tab bar follow it).
    isElderMode();
  });
  // children is the page being shown
  return children;
}

export default App;
