/**
 * A strict reader of udev rules files (udev(7), "Rules Files"), stricter than
 * udev itself, which skips a bad line with a log message and carries on: a
 * typo there is a reader nobody can open, found only on a kiosk in the field.
 * Every line is a comment, blank, or a rule of comma-separated KEY[{attr}]OP"value"
 * pairs; keys are udev's, each with the operators it takes; a rule both
 * matches and assigns something. No line continuations: the kiosk's file has none.
 */

export type Operator = '==' | '!=' | '=' | '+=' | '-=' | ':=';

export interface RulePair {
  readonly key: string;
  readonly attribute: string | null;
  readonly operator: Operator;
  readonly value: string;
}

export interface Rule {
  readonly line: number;
  readonly pairs: readonly RulePair[];
}

export interface RulesError {
  readonly line: number;
  readonly message: string;
}

const MATCH: readonly Operator[] = ['==', '!='];
const ASSIGN: readonly Operator[] = ['=', '+=', '-=', ':='];

/** udev(7): which operators each key accepts, and whether it takes (or may take) an {attribute}. */
const KEYS: Readonly<Record<string, { readonly ops: readonly Operator[]; readonly attribute: 'required' | 'optional' | 'none' }>> = {
  ACTION: { ops: MATCH, attribute: 'none' },
  DEVPATH: { ops: MATCH, attribute: 'none' },
  KERNEL: { ops: MATCH, attribute: 'none' },
  KERNELS: { ops: MATCH, attribute: 'none' },
  SUBSYSTEM: { ops: MATCH, attribute: 'none' },
  SUBSYSTEMS: { ops: MATCH, attribute: 'none' },
  DRIVER: { ops: MATCH, attribute: 'none' },
  DRIVERS: { ops: MATCH, attribute: 'none' },
  ATTRS: { ops: MATCH, attribute: 'required' },
  TAGS: { ops: MATCH, attribute: 'none' },
  TEST: { ops: MATCH, attribute: 'optional' },
  PROGRAM: { ops: MATCH, attribute: 'none' },
  RESULT: { ops: MATCH, attribute: 'none' },
  CONST: { ops: MATCH, attribute: 'required' },
  IMPORT: { ops: MATCH, attribute: 'required' },
  NAME: { ops: [...MATCH, '=', ':='], attribute: 'none' },
  SYMLINK: { ops: [...MATCH, ...ASSIGN], attribute: 'none' },
  ATTR: { ops: [...MATCH, '=', ':='], attribute: 'required' },
  SYSCTL: { ops: [...MATCH, '=', ':='], attribute: 'required' },
  ENV: { ops: [...MATCH, ...ASSIGN], attribute: 'required' },
  TAG: { ops: [...MATCH, ...ASSIGN], attribute: 'none' },
  OWNER: { ops: ['=', ':='], attribute: 'none' },
  GROUP: { ops: ['=', ':='], attribute: 'none' },
  MODE: { ops: ['=', ':='], attribute: 'none' },
  SECLABEL: { ops: ['=', '+=', ':='], attribute: 'required' },
  RUN: { ops: ['=', '+=', '-=', ':='], attribute: 'optional' },
  LABEL: { ops: ['='], attribute: 'none' },
  GOTO: { ops: ['='], attribute: 'none' },
  OPTIONS: { ops: ['=', '+=', ':='], attribute: 'none' },
};

/** Values that must have a precise shape, so a typo in one does not pass as a string. */
const VALUE_SHAPES: readonly { readonly applies: (pair: RulePair) => boolean; readonly shape: RegExp; readonly what: string }[] = [
  { applies: (p) => p.key === 'MODE', shape: /^0[0-7]{3}$/, what: 'an octal mode like 0660' },
  { applies: (p) => p.key === 'GROUP' || p.key === 'OWNER', shape: /^[a-z_][a-z0-9_-]*$/, what: 'a user or group name' },
  {
    applies: (p) => p.key === 'ATTRS' && (p.attribute === 'idVendor' || p.attribute === 'idProduct'),
    shape: /^[0-9a-f]{4}$/,
    what: 'four lower-case hex digits (sysfs writes them so)',
  },
  { applies: (p) => p.key === 'ATTRS' && p.attribute === 'bInterfaceClass', shape: /^[0-9a-f]{2}$/, what: 'two hex digits' },
];

// KEY{attr}OP"value", then optional spaces and a comma or the end of the line.
const PAIR = /^([A-Z]+)(?:\{([^{}"\s]+)\})?(==|!=|\+=|-=|:=|=)"((?:[^"\\]|\\.)*)"\s*(,\s*|$)/;

export function parseUdevRules(text: string): { readonly rules: readonly Rule[]; readonly errors: readonly RulesError[] } {
  const rules: Rule[] = [];
  const errors: RulesError[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (raw.endsWith('\\')) return void errors.push({ line, message: 'line continuation' });
    const pairs: RulePair[] = [];
    let rest = trimmed;
    while (rest !== '') {
      const match = PAIR.exec(rest);
      if (!match) return void errors.push({ line, message: `cannot read a KEY OP "value" pair at: ${rest.slice(0, 40)}` });
      const [whole, key = '', attribute, operator = '', value = '', separator = ''] = match;
      const pair: RulePair = { key, attribute: attribute ?? null, operator: operator as Operator, value };
      const spec = KEYS[key];
      if (!spec) errors.push({ line, message: `unknown key ${key}` });
      else {
        if (!spec.ops.includes(pair.operator)) errors.push({ line, message: `${key} does not take ${operator}` });
        if (spec.attribute === 'required' && pair.attribute === null) errors.push({ line, message: `${key} needs an {attribute}` });
        if (spec.attribute === 'none' && pair.attribute !== null) errors.push({ line, message: `${key} takes no {attribute}` });
      }
      for (const check of VALUE_SHAPES) {
        if (check.applies(pair) && !check.shape.test(value)) errors.push({ line, message: `${key} must be ${check.what}, got "${value}"` });
      }
      pairs.push(pair);
      rest = rest.slice(whole.length);
      if (rest !== '' && separator.trim() !== ',') return void errors.push({ line, message: 'pairs must be separated by commas' });
      if (rest === '' && separator.trim() === ',') return void errors.push({ line, message: 'trailing comma' });
    }
    const matches = pairs.some((p) => MATCH.includes(p.operator));
    const assigns = pairs.some((p) => ASSIGN.includes(p.operator));
    if (!matches) errors.push({ line, message: 'rule matches nothing (it would apply to every device)' });
    if (!assigns) errors.push({ line, message: 'rule assigns nothing' });
    rules.push({ line, pairs });
  });
  return { rules, errors };
}
