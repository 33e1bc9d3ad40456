import { useEffect, useState } from 'react';
import type { PasswordBlocklist } from '../../../common/password-rules.ts';

let loaded: PasswordBlocklist | null = null;
let loading: Promise<PasswordBlocklist | null> | null = null;

/**
 * The common-password list (common/common-passwords.ts), a chunk of its own
 * (about 380 kB of script): fetched when the password step opens, kept for
 * the life of the page. Null until it is there, or if it could not load; the
 * checklist then says central checks that rule.
 */
export function loadCommonPasswords(): Promise<PasswordBlocklist | null> {
  loading ??= import('../../../common/common-passwords.ts').then(
    (module) => (loaded = module.commonPasswordBlocklist()),
    () => {
      // A failed load may be retried the next time the step opens.
      loading = null;
      return null;
    },
  );
  return loading;
}

export function useCommonPasswords(): PasswordBlocklist | null {
  const [list, setList] = useState(loaded);
  useEffect(() => {
    if (list !== null) return;
    let mounted = true;
    void loadCommonPasswords().then((value) => {
      if (mounted) setList(value);
    });
    return () => {
      mounted = false;
    };
  }, [list]);
  return list;
}
