export { AutoRenewConsent } from './components/AutoRenewConsent';
export { PolicyCard } from './components/PolicyCard';
export { PolicyList } from './components/PolicyList';
export { usePolicies } from './hooks/use-policies';
export { usePolicyActions } from './hooks/use-policy-actions';
export { useFamilyLinks } from './hooks/use-family-links';
