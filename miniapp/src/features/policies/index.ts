export { PolicyCard } from './components/PolicyCard';
export { PolicyList } from './components/PolicyList';
export { usePolicies } from './hooks/use-policies';
