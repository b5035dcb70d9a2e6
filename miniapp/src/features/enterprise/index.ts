export { EnterpriseForm } from './components/EnterpriseForm';
export { EnterpriseIntro } from './components/EnterpriseIntro';
export { EnterpriseResult } from './components/EnterpriseResult';
export { useEnterpriseForm } from './hooks/use-enterprise-form';
