import { createContext, useContext } from 'react';
import type { CitizenCommands } from './store/kiosk-link.ts';

export const CitizenCommandsContext = createContext<CitizenCommands | null>(null);

/** Screens that act on the session are only shown once window.kiosk exists. */
export function useCitizenCommands(): CitizenCommands {
  const commands = useContext(CitizenCommandsContext);
  if (commands === null) throw new Error('useCitizenCommands: rendered without a kiosk connection');
  return commands;
}
