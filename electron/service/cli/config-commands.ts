/**
 * kioskctl's configuration commands:
 *
 *   config get [FIELD] [--data-dir DIR]
 *     the stored configuration (secrets shown as "[set]"), or one field's value.
 *   config set FIELD VALUE [FIELD VALUE …] [--data-dir DIR]
 *     validated as a whole before anything is written, written in one
 *     transaction with its audit record (technician.config_changed, field
 *     names only); prints each field's old and new value (secrets as "[set]").
 *   config validate [--file PATH] [--data-dir DIR]
 *     checks the stored document, or a JSON file, without writing.
 *
 * An invalid value exits 3 with `error.field` naming it; nothing is written.
 * Certificate files named by the configuration are read and parsed too: a CA
 * path with a typo is refused now, not at the next start of the service.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ConfigPatch, KioskConfigStore, validateConfigPatch } from '../config/kiosk-config.ts';
import { isJsonObject, RUN_ONLY_FIELDS, RUN_ONLY_REASON } from '../config/config-patch.ts';
import { issueField, type ServiceConfig, ServiceConfigSchema } from '../config/service-config.ts';
import { checkConfigFiles } from '../maintenance/config-files.ts';
import { buildPatch, documentFromView, parseCliValue, sameJson, valueAt, viewConfig } from '../maintenance/config-view.ts';
import { loadConfiguration, withDatabase } from '../maintenance/kiosk-files.ts';
import { recordWith, technicianRecord } from '../maintenance/technician-audit.ts';
import { DATA_DIR_OPTION, parseOptions } from './args.ts';
import { CliError, type CliCommand, EXIT_CODES } from './cli-command.ts';
import { fieldPath } from './config-fields.ts';
import { resolveDataDir } from './data-dir.ts';

const GET_USAGE = 'config get [FIELD] [--data-dir DIR]';
const SET_USAGE = 'config set FIELD VALUE [FIELD VALUE …] [--data-dir DIR]';
const VALIDATE_USAGE = 'config validate [--file PATH] [--data-dir DIR]';

function invalid(field: string, reason: string): CliError {
  return new CliError('config.invalid', `invalid kiosk configuration: ${field}: ${reason}`, EXIT_CODES.invalidConfiguration, field);
}

export const configGetCommand: CliCommand = {
  path: ['config', 'get'],
  usage: GET_USAGE,
  summary: 'Print the stored configuration (secrets as "[set]"), or the value of one dotted FIELD',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, DATA_DIR_OPTION, GET_USAGE, true);
    if (positionals.length > 1) throw new CliError('usage', `one FIELD at most; usage: kioskctl ${GET_USAGE}`);
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    const loaded = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
    const view = viewConfig(loaded.config);
    if (positionals[0] === undefined) return { dataDir, stored: loaded.stored, updatedAt: loaded.updatedAt, config: view };
    const field = positionals[0];
    const path = fieldPath(field);
    if (field === 'dataDir') return { field, value: dataDir };
    const { found, value } = valueAt(view, path);
    if (found) return { field, value };
    // An optional field that is not set (centralUrl on a kiosk without central) is null; a name the schema does not know is a mistake.
    if (path.length === 1 && Object.hasOwn(ServiceConfigSchema.shape, field)) return { field, value: null };
    throw new CliError('config.unknown_field', `no configuration field "${field}"; kioskctl config get lists them`, EXIT_CODES.usage, field);
  },
};

export const configSetCommand: CliCommand = {
  path: ['config', 'set'],
  usage: SET_USAGE,
  summary: 'Change configuration fields (JSON or text values; null unsets; devices in the compact form): validated first, written atomically, audited',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, DATA_DIR_OPTION, SET_USAGE, true);
    if (positionals.length === 0 || positionals.length % 2 !== 0) throw new CliError('usage', `FIELD VALUE pairs expected; usage: kioskctl ${SET_USAGE}`);
    const fields: string[] = [];
    for (let i = 0; i < positionals.length; i += 2) fields.push(positionals[i]!);
    const duplicate = fields.find((field, i) => fields.indexOf(field) !== i);
    if (duplicate !== undefined) throw new CliError('usage', `"${duplicate}" is given twice`);
    const paths = fields.map(fieldPath);
    const dataDir = resolveDataDir(values['data-dir'], io.env);

    return withDatabase(dataDir, 'write', async (db) => {
      const before = loadConfiguration(db, dataDir);
      const raw = fields.map((_, i) => positionals[2 * i + 1]!);
      const patch = patchFor(before.config, paths, raw);
      const checked = validateConfigPatch(patch, before.config);
      if (!checked.ok) throw invalid(checked.field, checked.reason);
      checkConfigFiles(checked.config, fields);

      const [oldView, newView] = [viewConfig(before.config), viewConfig(checked.config)];
      const changes = paths.map((path, i) => ({ field: fields[i]!, old: valueAt(oldView, path).value ?? null, new: valueAt(newView, path).value ?? null }));
      const changed = changes.filter((c) => !sameJson(c.old, c.new));
      if (changed.length === 0 && before.stored) return { dataDir, changed: [], unchanged: fields, written: false };

      const now = new Date();
      const record = await technicianRecord(
        'technician.config_changed',
        { fields: changed.map((c) => c.field).join(',') || 'none' },
        checked.config.kioskId,
        now,
      );
      const store = new KioskConfigStore(db, { dataDir });
      // update() merges the patch again under the write lock, so a change the service made meanwhile is kept.
      recordWith(db, record, () => store.update(patch as ConfigPatch, now));
      return {
        dataDir,
        changed,
        unchanged: changes.filter((c) => sameJson(c.old, c.new)).map((c) => c.field),
        written: true,
        updatedAt: now.toISOString(),
        note: 'a running kiosk service reads its configuration at start: restart it to apply',
      };
    });
  },
};

/**
 * The merge patch for the pairs. A value that parses as JSON but is refused
 * because the field wants text (`kioskId 12` parses as the number 12) is
 * retried as the text the technician typed.
 */
function patchFor(current: ServiceConfig, paths: readonly string[][], raw: readonly string[]): Record<string, unknown> {
  const currentView = viewConfig(current);
  const parsed = paths.map((path, i) => parseCliValue(raw[i]!, valueAt(currentView, path).value));
  const patchOf = (valuesNow: readonly unknown[]) => buildPatch(paths.map((path, i) => ({ path, value: valuesNow[i] })));
  let attempt = [...parsed];
  for (let round = 0; round < paths.length; round++) {
    const result = validateConfigPatch(patchOf(attempt), current);
    if (result.ok || !/expected string/.test(result.reason)) break;
    const i = paths.findIndex((path, k) => typeof attempt[k] !== 'string' && attempt[k] !== null && result.field === path.join('.'));
    if (i < 0) break;
    attempt = attempt.map((value, k) => (k === i ? raw[k] : value));
  }
  return patchOf(attempt);
}

export const configValidateCommand: CliCommand = {
  path: ['config', 'validate'],
  usage: VALIDATE_USAGE,
  summary: 'Check the stored configuration, or a JSON file (as config get prints it, or the stored form), without writing anything',
  async run(args, io) {
    const { values } = parseOptions(args, { ...DATA_DIR_OPTION, file: { type: 'string' } }, VALIDATE_USAGE);
    const dataDir = resolveDataDir(values['data-dir'], io.env);
    if (values.file === undefined) {
      const loaded = await withDatabase(dataDir, 'read', (db) => loadConfiguration(db, dataDir));
      checkConfigFiles(loaded.config);
      return { valid: true, source: 'stored', dataDir, stored: loaded.stored };
    }
    const file = resolve(values.file);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = error instanceof SyntaxError ? 'is not valid JSON' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
      throw invalid('(document)', `${file} ${reason}`);
    }
    // `config get` output: the configuration is its `config` member.
    if (isJsonObject(document) && isJsonObject(document.config) && !Object.hasOwn(document, 'kioskId')) document = document.config;
    if (!isJsonObject(document)) throw invalid('(document)', 'must be a JSON object');
    for (const field of RUN_ONLY_FIELDS) {
      if (Object.hasOwn(document, field)) throw invalid(field, RUN_ONLY_REASON[field]);
    }
    const converted = documentFromView(document);
    if (!converted.ok) throw invalid(converted.field, converted.reason);
    const parsed = ServiceConfigSchema.safeParse({ ...converted.document, dataDir });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(issueField(issue), issue?.message ?? 'invalid');
    }
    checkConfigFiles(parsed.data);
    return { valid: true, source: 'file', file, ...(converted.placeholders.length > 0 && { notChecked: converted.placeholders }) };
  },
};

export const CONFIG_COMMANDS: readonly CliCommand[] = [configGetCommand, configSetCommand, configValidateCommand];
