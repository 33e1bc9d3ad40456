/**
 * `npm run bench [-- NAME …]`: runs every test/bench/*.bench.ts (or those
 * whose names contain one of the words given), one after the other, each in
 * its own Node process so one benchmark's warm-up or garbage does not bend the
 * next one's figures. Benchmarks print their own figures, with units.
 * Everything from the first `--option` on is passed to each benchmark
 * (`npm run bench -- fingerprint-image --fingers 200`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('--'));
const filters = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();
if (benches.length === 0) {
  process.stderr.write(`no benchmark matches ${filters.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n=== ${name.replace(/\.bench\.ts$/, '')} ===\n`);
  const result = spawnSync(process.execPath, [join(dir, name), ...options], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
