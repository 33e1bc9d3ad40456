/**
 * `node test/biometrics/fingerprint/extraction/golden/write-golden.ts`:
 * rewrites extraction-golden.json from the current extractor. Run it only
 * when a change of results is intended, and commit the new golden on its own
 * with the reason.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES, type GoldenDigest, goldenDigest } from './cases.ts';

const golden: Record<string, GoldenDigest> = {};
for (const c of GOLDEN_CASES) golden[c.name] = goldenDigest(c.image());
writeFileSync(join(import.meta.dirname, 'extraction-golden.json'), `${JSON.stringify(golden, null, 2)}\n`);
process.stdout.write(`wrote ${GOLDEN_CASES.length} digests\n`);
