/**
 * kioskctl's fingerprint image tools (maintenance/fingerprint-lab.ts does the work):
 *
 *   fingers export --out DIR [--fingers N] [--impressions K] [--seed S]
 *     N synthetic fingers × K impressions as 8-bit grey PNG files at 500 ppi
 *     (pHYs), `<citizen index>-<finger name>_<k>.png`; impression 0 as central
 *     enrols, the others kiosk captures in varied conditions. Prints
 *     { out, fingers, impressions, files: [{ file, finger, impression, quality, width, height }] }.
 *   fingerprint compare A.png B.png
 *     { score, threshold, match, minutiae: [a, b], quality: [a, b] }, as
 *     central would score them; a file that is not an 8-bit grey PNG of a
 *     finger exits 1 with { error: { code, message, field: "a" | "b" } }.
 */
import { compareFingerprintPngs, exportSyntheticFingers } from '../maintenance/fingerprint-lab.ts';
import { intOption, parseOptions } from './args.ts';
import { CliError, type CliCommand } from './cli-command.ts';

const EXPORT_USAGE = 'fingers export --out DIR [--fingers N] [--impressions K] [--seed S]';
const COMPARE_USAGE = 'fingerprint compare A.png B.png';

export const fingersExportCommand: CliCommand = {
  path: ['fingers', 'export'],
  usage: EXPORT_USAGE,
  summary: 'Write synthetic fingerprints as 500 ppi grey PNG files (impression 0 as central enrols, the rest as kiosk captures)',
  async run(args) {
    const { values } = parseOptions(
      args,
      { out: { type: 'string' }, fingers: { type: 'string' }, impressions: { type: 'string' }, seed: { type: 'string', default: 'kioskctl' } },
      EXPORT_USAGE,
    );
    if (values.out === undefined || values.out === '') throw new CliError('usage', `--out is required; usage: kioskctl ${EXPORT_USAGE}`);
    const fingers = intOption(values.fingers, 'fingers', 10, 1, 1000);
    const impressions = intOption(values.impressions, 'impressions', 4, 1, 100);
    return exportSyntheticFingers({ out: values.out, fingers, impressions, seed: values.seed as string });
  },
};

export const fingerprintCompareCommand: CliCommand = {
  path: ['fingerprint', 'compare'],
  usage: COMPARE_USAGE,
  summary: 'Compare two fingerprint PNG images as central does (extraction, then the matcher at its image threshold)',
  async run(args) {
    const { positionals } = parseOptions(args, {}, COMPARE_USAGE, true);
    if (positionals.length !== 2) throw new CliError('usage', `two PNG files are needed; usage: kioskctl ${COMPARE_USAGE}`);
    return compareFingerprintPngs(positionals[0]!, positionals[1]!);
  },
};

export const FINGERPRINT_IMAGE_COMMANDS: readonly CliCommand[] = [fingersExportCommand, fingerprintCompareCommand];
