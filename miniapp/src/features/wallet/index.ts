export { TransferForm } from './components/TransferForm';
export { TransferList } from './components/TransferList';
export { WalletCard } from './components/WalletCard';
export { useSendTransfer } from './hooks/use-send-transfer';
export { useWallet } from './hooks/use-wallet';
