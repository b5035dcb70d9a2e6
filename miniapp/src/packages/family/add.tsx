import { Page } from '../../components';
import { AddRelativeForm, useAddRelativeForm } from '../../features/family';
import { ConsentGate } from '../../features/privacy';
import { useRequireLogin } from '../../lib/use-require-login';

/**
 * 添加亲属: bind a 近亲属 (the relationships the region allows) for 家庭共济, after the separate consent to
 * providing the relative's data (their name, ID number and insurance status are processed).
 */
export default function AddRelativePage() {
  const loggedIn = useRequireLogin();
  const form = useAddRelativeForm();
  return (
    <Page>
      {loggedIn && (
        <ConsentGate kinds={['RELATIVE_INFO']}>
          <AddRelativeForm form={form} />
        </ConsentGate>
      )}
    </Page>
  );
}
