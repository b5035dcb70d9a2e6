/**
 * What the 立即投保 tab page (main package) needs. The subpackage pages import `./checkout`, so that
 * the confirm, keypad, cashier and result code stays out of the main package.
 */
export { EnrolStart } from './components/EnrolStart';
