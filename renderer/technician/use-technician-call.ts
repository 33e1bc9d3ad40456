import { useState } from 'react';
import type { Result } from '../../electron/contract/errors.ts';

export interface TechnicianCall<T> {
  readonly running: boolean;
  readonly result: Result<T> | null;
  run(call: () => Promise<Result<T>>): Promise<Result<T>>;
  clear(): void;
}

/** One command of a technician screen: whether it is running, and its last answer. */
export function useTechnicianCall<T>(): TechnicianCall<T> {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Result<T> | null>(null);
  return {
    running,
    result,
    async run(call) {
      setRunning(true);
      setResult(null);
      const answer = await call();
      setRunning(false);
      setResult(answer);
      return answer;
    },
    clear: () => setResult(null),
  };
}
