export { TransferForm } from './components/TransferForm';
export { TransferList } from './components/TransferList';
export { WalletCard } from './components/WalletCard';
export { useSendTransfer } from './hooks/use-send-transfer';
export { useWallet } from './hooks/use-wallet';
export { EntryList } from './components/EntryList';
export { OwnPremiumPanel } from './components/OwnPremiumPanel';
export { useOwnPremium } from './hooks/use-own-premium';
