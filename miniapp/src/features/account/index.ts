export { BalanceCard } from './components/BalanceCard';
export { EntryList } from './components/EntryList';
export { useBalance } from './hooks/use-balance';
export { useEntries } from './hooks/use-entries';
