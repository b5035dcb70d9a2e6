import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { labelTabBarForTests } from './lib/tab-bar-test-ids';
import './app.css';

function App({ children }: PropsWithChildren) {
  useLaunch(labelTabBarForTests);
  // children is the page being shown
  return children;
}

export default App;
