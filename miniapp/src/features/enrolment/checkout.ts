/** For the pages of the `packages/enrol` subpackage (see index.ts). */
export { readDraft, type EnrolmentDraft } from './draft';
export { AutoRenewChoice } from './components/AutoRenewChoice';
export { CashierCard } from './components/CashierCard';
export { CheckoutBar } from './components/CheckoutBar';
export { OrderOutcome } from './components/OrderOutcome';
export { PaymentMethodPicker } from './components/PaymentMethodPicker';
export { PayProblemNotice } from './components/PayProblemNotice';
export { QuoteList } from './components/QuoteList';
export { TermsAcceptance } from './components/TermsAcceptance';
export { useCashier } from './hooks/use-cashier';
export { useCheckout } from './hooks/use-checkout';
export { useOrderResult } from './hooks/use-order-result';
