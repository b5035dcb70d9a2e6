export { ConsentGate } from './components/ConsentGate';
export { MyDataView } from './components/MyDataView';
export { PrivacyText } from './components/PrivacyText';
export { useMyData } from './hooks/use-my-data';
export { closeAccount, fetchPrivacyTexts } from './api';
