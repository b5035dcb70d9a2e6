import { Page } from '../../components';
import { AddRelativeForm, useAddRelativeForm } from '../../features/family';
import { useRequireLogin } from '../../lib/use-require-login';

/** 添加亲属: bind a 近亲属 (the relationships the region allows) for 家庭共济. */
export default function AddRelativePage() {
  const loggedIn = useRequireLogin();
  const form = useAddRelativeForm();
  return <Page>{loggedIn && <AddRelativeForm form={form} />}</Page>;
}
