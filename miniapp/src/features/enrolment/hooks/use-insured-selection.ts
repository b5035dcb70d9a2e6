import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { maskIdNumber, maskName, type BindingView, type PersonView, type ProductView } from '@puhui/shared';
import { PAGES } from '../../../lib/pages';
import { hasSession, onSessionChange } from '../../../lib/session';
import { usePageData } from '../../../lib/use-page-data';
import type { ApiError } from '../../../lib/request';
import { quote, quoteQuietly } from '../api';
import { finishedPurchases, saveDraft, type PickedInsured } from '../draft';
import { relationshipLabel } from '../labels';

/** Someone insured by name and ID number (not bound): 添加其他被保险人. */
export interface OtherInsured {
  name: string;
  idNumber: string;
}

/** A row of 选择被保险人. `key` is stable across reloads of the relatives. */
export interface InsuredCandidate extends PickedInsured {
  key: string;
  /** Test id of the row (insured-self, insured-binding-<bindingId>, insured-other-<n>). */
  testId: string;
  title: string;
  description: string;
  removable: boolean;
  /** Already insured in this edition (from the quote): shown as 已投保 and not selectable. */
  enrolled: boolean;
}

function candidatesOf(applicant: PersonView, relatives: BindingView[], others: OtherInsured[]) {
  const self: InsuredCandidate = {
    key: 'self',
    testId: 'insured-self',
    ref: { self: true },
    label: '本人',
    title: `本人 ${applicant.name}`,
    description: applicant.idNumberMasked,
    removable: false,
    enrolled: false,
  };
  const bound = relatives.map((binding): InsuredCandidate => {
    const label = relationshipLabel(binding.relationship, binding.relative.person.gender);
    return {
      key: `binding:${binding.bindingId}`,
      testId: `insured-binding-${binding.bindingId}`,
      ref: { bindingId: binding.bindingId },
      label,
      title: `${label} ${binding.relative.person.name}`,
      description: `${binding.relative.person.idNumberMasked} · 已办理家庭共济`,
      removable: false,
      enrolled: false,
    };
  });
  const added = others.map((other, index): InsuredCandidate => ({
    key: `other:${other.idNumber}`,
    testId: `insured-other-${index}`,
    ref: { name: other.name, idNumber: other.idNumber },
    label: '其他被保险人',
    title: `其他被保险人 ${maskName(other.name)}`,
    description: maskIdNumber(other.idNumber),
    removable: true,
    enrolled: false,
  }));
  return [self, ...bound, ...added];
}

/**
 * 选择被保险人: 本人, each relative bound by 家庭共济, and others typed in; 下一步 asks the API for the
 * quote (eligibility, price, payment methods per person) and opens the confirm page with it.
 */
export function useInsuredSelection(product: ProductView, applicant: PersonView, relatives: BindingView[]) {
  const [others, setOthers] = useState<OtherInsured[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [quoting, setQuoting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const purchasesSeen = useRef(finishedPurchases());

  // The tab page stays mounted: after a paid purchase or another login, nobody is ticked any more (a
  // user tapping only 父亲 must not pay again for the people of the last purchase).
  function startAfresh() {
    setOthers([]);
    setSelected(new Set());
    setError(null);
  }
  useEffect(() => onSessionChange(startAfresh), []);

  const [enrolledKeys, setEnrolledKeys] = useState<ReadonlySet<string>>(() => new Set());
  const candidates = candidatesOf(applicant, relatives, others).map((candidate) =>
    enrolledKeys.has(candidate.key) ? { ...candidate, enrolled: true } : candidate,
  );
  // A binding revoked meanwhile drops out of the list and so out of the selection, and so does
  // someone found insured already.
  const picked = candidates.filter((candidate) => selected.has(candidate.key) && !candidate.enrolled);

  // Who is insured this year already, asked of the quote for 本人 and the bound relatives whenever the
  // page shows (after a purchase they are 已投保); a failure leaves the rows as they are.
  const checkedRefs = JSON.stringify(
    candidatesOf(applicant, relatives, []).map(({ key, ref }) => ({ key, ref })),
  );
  const checkRun = useRef(0);
  const checkEnrolled = useRef(() => {});
  checkEnrolled.current = () => {
    // After a logout the picker is still mounted under the tab until the page turns to its guest state:
    // a quote without a session would answer 401 and open the login page.
    if (!hasSession()) return;
    const rows = JSON.parse(checkedRefs) as Pick<InsuredCandidate, 'key' | 'ref'>[];
    const run = ++checkRun.current;
    quoteQuietly({ productCode: product.code, insured: rows.map((row) => row.ref) }).then(
      (answer) => {
        if (run !== checkRun.current) return;
        const enrolled = rows.filter((_, index) => answer.items[index]?.reason === 'ALREADY_ENROLLED');
        setEnrolledKeys(new Set(enrolled.map((row) => row.key)));
      },
      () => undefined,
    );
  };
  // Mount, each show and each login: start afresh after a purchase, and ask again who is insured.
  usePageData(() => {
    if (purchasesSeen.current !== finishedPurchases()) {
      purchasesSeen.current = finishedPurchases();
      startAfresh();
    }
    checkEnrolled.current();
  });
  // The relatives changed (a binding added or ended) while the page was shown.
  const refsSeen = useRef(checkedRefs);
  useEffect(() => {
    if (refsSeen.current === checkedRefs) return;
    refsSeen.current = checkedRefs;
    checkEnrolled.current();
  }, [checkedRefs]);

  function toggle(key: string) {
    if (enrolledKeys.has(key)) return;
    setError(null);
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  /** Adds a person typed in, ticked; false when that ID number is in the list already. */
  function addOther(other: OtherInsured): boolean {
    if (others.some((existing) => existing.idNumber === other.idNumber)) return false;
    setOthers((previous) => [...previous, other]);
    setSelected((previous) => new Set(previous).add(`other:${other.idNumber}`));
    return true;
  }

  function removeOther(idNumber: string) {
    setOthers((previous) => previous.filter((other) => other.idNumber !== idNumber));
    setSelected((previous) => {
      const next = new Set(previous);
      next.delete(`other:${idNumber}`);
      return next;
    });
  }

  async function next() {
    if (busy.current) return;
    if (picked.length === 0) {
      setError('请至少选择一位被保险人');
      return;
    }
    busy.current = true;
    setQuoting(true);
    setError(null);
    try {
      const answer = await quote({ productCode: product.code, insured: picked.map((p) => p.ref) });
      saveDraft({
        product,
        applicant,
        insured: picked.map(({ ref, label }) => ({ ref, label })),
        quote: answer,
      });
      await Taro.navigateTo({ url: PAGES.enrolConfirm });
    } catch (caught) {
      const apiError = caught as ApiError;
      // Refusals that concern one person carry its position (e.g. 未查询到该被保险人的参保信息).
      const index = apiError.details?.index;
      const who = typeof index === 'number' && picked[index] ? `${picked[index].title}：` : '';
      setError(who + apiError.message);
    } finally {
      busy.current = false;
      setQuoting(false);
    }
  }

  return { candidates, selected, picked, quoting, error, toggle, addOther, removeOther, next };
}
