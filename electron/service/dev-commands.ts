import { type CommandInput, type CommandOutput, fail, ok, type Result } from '../contract/index.ts';
import type { DeviceManager } from './devices/device-manager.ts';

type DevCommand = 'dev.citizens' | 'dev.insertCard' | 'dev.placeFinger' | 'dev.liftFinger' | 'dev.unplug' | 'dev.replug' | 'dev.printerFault';
type DevHandlers = { readonly [K in DevCommand]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>> };

const ACCEPTED = ok({ accepted: true as const });

/**
 * The dev.* commands: a developer (or an end-to-end test) puts synthetic
 * citizens in front of the simulated devices. The synthetic population is
 * reached through the simulators' own module, loaded only here and only in
 * dev mode.
 */
export function devHandlers(devices: Pick<DeviceManager, 'simulations' | 'printer'>): DevHandlers {
  const population = async () => {
    const { simulatedPopulation, findCitizen } = await import('../../drivers/card-reader/simulated-card-output.ts');
    const people = simulatedPopulation();
    return { people, find: (run: string) => findCitizen(people, run) };
  };

  return {
    async 'dev.citizens'({ scenario, limit = 10 }) {
      const { people } = await population();
      const citizens = people.citizens
        .filter((c) => scenario === undefined || c.scenario === scenario)
        .slice(0, limit)
        .map((c) => ({ run: c.run.formatted, name: [...c.givenNames, ...c.surnames].join(' '), scenario: c.scenario, cardType: c.cardType }));
      return ok({ citizens });
    },
    async 'dev.insertCard'({ run, format = 'both', noise = 'none' }) {
      const reader = devices.simulations.cardReader;
      if (!reader) return fail('dev.device_not_simulated');
      const result = reader.insertCard({ run, format, noise });
      if (result.ok) return ACCEPTED;
      return fail(result.code === 'sim.unknown_run' ? 'dev.unknown_citizen' : 'dev.device_not_simulated');
    },
    async 'dev.placeFinger'({ run, finger, quality }) {
      const reader = devices.simulations.fingerprint;
      if (!reader) return fail('dev.device_not_simulated');
      if (!(await population()).find(run)) return fail('dev.unknown_citizen');
      reader.place({ run, ...(finger ? { finger } : {}), ...(quality !== undefined ? { quality } : {}) });
      return ACCEPTED;
    },
    async 'dev.liftFinger'() {
      const reader = devices.simulations.fingerprint;
      if (!reader) return fail('dev.device_not_simulated');
      reader.lift();
      return ACCEPTED;
    },
    async 'dev.unplug'({ role }) {
      const { simulations } = devices;
      if (role === 'fingerprint' && simulations.fingerprint) simulations.fingerprint.unplug();
      else if (role === 'cardReader' && simulations.cardReader) simulations.cardReader.unplug();
      else if (role === 'printer' && simulations.printer) await simulations.printer.close();
      else return fail('dev.device_not_simulated');
      if (role === 'printer') await devices.printer?.refresh();
      return ACCEPTED;
    },
    async 'dev.replug'({ role }) {
      const { simulations } = devices;
      if (role === 'fingerprint' && simulations.fingerprint) simulations.fingerprint.replug();
      else if (role === 'cardReader' && simulations.cardReader) simulations.cardReader.replug();
      else if (role === 'printer' && simulations.printer && simulations.printerPort !== undefined) {
        await simulations.printer.listen(simulations.printerPort, '127.0.0.1');
        await devices.printer?.refresh();
      } else return fail('dev.device_not_simulated');
      return ACCEPTED;
    },
    async 'dev.printerFault'({ fault, on }) {
      const printer = devices.simulations.printer;
      if (!printer) return fail('dev.device_not_simulated');
      printer.setFault(fault, on);
      await devices.printer?.refresh();
      return ACCEPTED;
    },
  };
}
