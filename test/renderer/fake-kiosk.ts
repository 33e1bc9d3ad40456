import { createKioskApi, type KioskApi } from '../../electron/contract/api.ts';
import type { CommandName, EventName } from '../../electron/contract/commands.ts';

type Answer = (payload: unknown) => unknown;

/**
 * window.kiosk as both hosts build it (createKioskApi, so answers go through
 * the contract's schemas), over a scripted in-memory transport.
 */
export function fakeKiosk(answers: Partial<Record<CommandName, Answer>>) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: Array<{ command: CommandName; payload: unknown }> = [];
  const kiosk: KioskApi = createKioskApi(
    {
      async invoke(command, payload) {
        calls.push({ command, payload });
        const answer = answers[command];
        if (answer === undefined) throw new Error(`fake kiosk: no answer scripted for ${command}`);
        return answer(payload);
      },
      subscribe(event, listener) {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    },
    { dev: false },
  );
  return {
    kiosk,
    calls,
    answers,
    emit(event: EventName, payload: unknown) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

/** Lets pending promise callbacks (the fake's answers) run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
