import { useCitizenCommands } from '../citizen-commands.ts';
import { useActionsLocked } from '../store/hooks.ts';
import { KioskControls } from './KioskControls.tsx';

/** The bottom bar of a session step: the language belongs to the session now, so a change goes to the service. */
export function SessionControls() {
  const commands = useCitizenCommands();
  const locked = useActionsLocked();
  return <KioskControls onSelectLanguage={commands.selectLanguage} languageDisabled={locked} />;
}
