/**
 * The release key and the signature kiosks check before they accept an
 * update (electron/host/update-metadata.ts).
 *
 *   node scripts/sign-update.ts keygen <release-key.pem>
 *       A new ECDSA P-256 release key (mode 0600; keep it offline). Prints the
 *       public half: that PEM goes into the kiosks' `updates.publicKey`.
 *   node scripts/sign-update.ts sign --key <release-key.pem> <dist/latest-linux.yml>
 *       Writes <dist/latest-linux.yml>.sig next to it, and checks it back.
 *   node scripts/sign-update.ts verify --public-key <public.pem> <latest-linux.yml>
 *       What a kiosk does with the published pair: exit 0 when it verifies.
 *
 * Sign after electron-builder has written latest-linux.yml and before
 * uploading; upload the .sig with it. A changed byte in the .yml needs a new
 * signature.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signMetadata, verifyMetadataSignature } from '../electron/host/update-metadata.ts';

export interface ScriptIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `usage: node scripts/sign-update.ts keygen <release-key.pem>
       node scripts/sign-update.ts sign --key <release-key.pem> <latest-linux.yml>
       node scripts/sign-update.ts verify --public-key <public.pem> <latest-linux.yml>
`;

export function main(argv: readonly string[], io: ScriptIo): number {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { key: { type: 'string' }, 'public-key': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 64;
  }
  const [file, extra] = parsed.positionals;
  if (file === undefined || extra !== undefined) {
    io.err(USAGE);
    return 64;
  }
  try {
    if (command === 'keygen') {
      // Never over an existing key: a release key replaced by mistake strands every kiosk that trusts the old one.
      if (existsSync(file)) {
        io.err(`${file} exists; choose another path\n`);
        return 73;
      }
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      io.out(publicKey.export({ type: 'spki', format: 'pem' }).toString());
      return 0;
    }
    if (command === 'sign' && parsed.values.key !== undefined) {
      const privatePem = readFileSync(parsed.values.key, 'utf8');
      const metadata = readFileSync(file);
      const signature = signMetadata(metadata, privatePem);
      const publicPem = createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
      const check = verifyMetadataSignature(metadata, signature, publicPem);
      if (!check.ok) throw check.error;
      writeFileSync(`${file}.sig`, signature);
      io.out(`${file}.sig\n`);
      return 0;
    }
    if (command === 'verify' && parsed.values['public-key'] !== undefined) {
      const check = verifyMetadataSignature(readFileSync(file), readFileSync(`${file}.sig`, 'utf8'), readFileSync(parsed.values['public-key'], 'utf8'));
      if (check.ok) {
        io.out(`${file}: signature verified\n`);
        return 0;
      }
      io.err(`${file}: ${check.error.code}: ${check.error.reason}\n`);
      return 1;
    }
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.err(USAGE);
  return 64;
}

if (import.meta.main) {
  process.exitCode = main(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) });
}
