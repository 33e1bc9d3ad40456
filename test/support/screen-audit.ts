import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { type KioskScreen, lookName } from './kiosk-screen.ts';
import { REPO_ROOT } from './kiosk-process.ts';
import { unreachableControls } from './reachability.ts';

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Where a test run leaves what a person reviews: screenshots and the axe coverage matrix (gitignored). */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
const SCREENSHOTS_DIR = join(RESULTS_DIR, 'screenshots');
const COVERAGE_DIR = join(RESULTS_DIR, 'axe-coverage');
const DOCS_DIR = join(REPO_ROOT, 'docs/screenshots');

/**
 * With KIOSK_DOCS_SCREENSHOTS=1 the run also refreshes the README's set of
 * screenshots in docs/screenshots/ from these audited screens
 * (`flow/screen/language/theme`, then `/large-text` at double size → file
 * name), taken without the developer
 * panel's toggle so they show the citizen's screen only.
 */
const DOCS_SCREENSHOTS: Readonly<Record<string, string>> = {
  'civil-digital/welcome/es-CL/normal': 'welcome.png',
  'layout/consent/es-CL/normal': 'consent.png',
  'layout/consent/es-CL/normal/large-text': 'consent-large-text.png',
  'layout/code-on-screen/ht/normal/large-text': 'code-on-screen-ht-large-text.png',
  'civil-digital/card/es-CL/normal': 'card.png',
  'civil-digital/finger/es-CL/normal': 'finger.png',
  'civil-digital-code-on-screen/code-on-screen/es-CL/normal': 'code-on-screen.png',
  'chileatiende/password-typed/es-CL/normal': 'password-checklist.png',
  'chileatiende-review/review-full-contact/es-CL/normal': 'review-full-contact.png',
  'civil-digital-failures/failed-card_expired/es-CL/normal': 'failed-card-expired.png',
  'civil-digital-failures/failed-locked/en/high-contrast': 'failed-locked-en-high-contrast.png',
  'known-faults/welcome-printer-out/es-CL/normal': 'welcome-printer-out.png',
  'known-faults/consent-printer-out/es-CL/normal': 'consent-printer-out.png',
  'known-faults/welcome-central-down/es-CL/normal': 'welcome-central-down.png',
  'known-faults/out-of-service/en/normal': 'out-of-service-en.png',
  'known-faults/failed-locked/es-CL/normal': 'failed-locked-lift-time.png',
  'any-finger/finger-choice/es-CL/normal': 'finger-choice.png',
  'any-finger/finger-unreadable/en/high-contrast': 'finger-unreadable-en-high-contrast.png',
  'civil-digital-rut/rut-wrong-check-digit/es-CL/normal': 'rut-wrong-check-digit.png',
  'chileatiende-password/password-names-broken/es-CL/normal': 'password-names-broken.png',
  'chileatiende-password/password-repeat-differs/es-CL/normal': 'password-repeat-differs.png',
};

export interface AuditRecord {
  readonly flow: string;
  readonly screen: string;
  readonly language: string;
  readonly theme: string;
  /** `normal` or `large` (200 %); older records have none, and were normal. */
  readonly textSize?: string;
  readonly violations: number;
  /** Controls that were off screen or covered (test/support/reachability.ts). */
  readonly unreachable?: number;
  readonly screenshot: string;
}

/**
 * axe-core at WCAG 2.2 AA, the reachability of every control (which axe
 * does not check: each one on screen and not covered) and a screenshot of
 * each screen a flow reaches. Screenshots go to
 * test-results/screenshots/<flow>/<nn>-<screen>-<lang>.png (the theme and a
 * larger text size are part of the flow's folder), numbered in the order the flow
 * reached them; every audit is recorded for the coverage matrix that
 * `writeCoverage` leaves in test-results/axe-coverage.md.
 */
export class ScreenAudit {
  readonly #file: string;
  readonly #records: AuditRecord[] = [];
  readonly #counters = new Map<string, number>();
  /** Flow folders this run has started afresh (a flow's folder belongs to one test file). */
  readonly #fresh = new Set<string>();

  /** `file`: a name for this test file's share of the matrix. */
  constructor(file: string) {
    this.#file = file;
  }

  get records(): readonly AuditRecord[] {
    return this.#records;
  }

  /**
   * Audits and photographs what is on screen now. Violations and unreachable controls fail the test
   * (softly: the flow goes on, so one run reports every screen).
   */
  async check(screen: KioskScreen, flow: string, name: string): Promise<void> {
    const { page, look } = screen;
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    const unreachable = await unreachableControls(page);
    const large = look.textSize === 'large';
    const flowDir = `${flow}-${look.theme}${large ? '-large-text' : ''}`;
    const key = `${flowDir}/${look.language}`;
    const nn = (this.#counters.get(key) ?? 0) + 1;
    this.#counters.set(key, nn);
    const screenshot = join(flowDir, `${String(nn).padStart(2, '0')}-${name}-${look.language}.png`);
    if (!this.#fresh.has(flowDir)) {
      // Last run's pictures of this flow would interleave with this run's numbering.
      rmSync(join(SCREENSHOTS_DIR, flowDir), { recursive: true, force: true });
      this.#fresh.add(flowDir);
    }
    mkdirSync(join(SCREENSHOTS_DIR, flowDir), { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS_DIR, screenshot), animations: 'disabled', caret: 'hide' });
    const docsName = DOCS_SCREENSHOTS[`${flow}/${name}/${look.language}/${look.theme}${large ? '/large-text' : ''}`];
    if (docsName !== undefined && process.env.KIOSK_DOCS_SCREENSHOTS === '1') {
      // Through the CSSOM: the page's CSP (style-src 'self') refuses an injected stylesheet, not this.
      const toggle = await page.getByRole('button', { name: 'Desarrollo', exact: true }).elementHandle();
      await toggle?.evaluate((element: HTMLElement) => (element.style.visibility = 'hidden'));
      await page.screenshot({ path: join(DOCS_DIR, docsName), animations: 'disabled', caret: 'hide' });
      await toggle?.evaluate((element: HTMLElement) => (element.style.visibility = ''));
      await toggle?.dispose();
    }
    this.#records.push({
      flow,
      screen: name,
      language: look.language,
      theme: look.theme,
      textSize: look.textSize ?? 'normal',
      violations: violations.length,
      unreachable: unreachable.length,
      screenshot,
    });
    expect.soft(violations, `axe-core on "${name}" (${flow}, ${lookName(look)})`).toEqual([]);
    expect.soft(unreachable, `controls out of reach on "${name}" (${flow}, ${lookName(look)})`).toEqual([]);
  }

  /**
   * Saves this file's audits and rewrites the matrix from every file's
   * (test-results/axe-coverage.md); with `kioskOutput`, also the kiosk's own
   * log lines (warn and above, never personal data) beside it, for a failure
   * that came from the service.
   */
  writeCoverage(kioskOutput?: string): void {
    if (kioskOutput !== undefined) {
      mkdirSync(join(RESULTS_DIR, 'kiosk-logs'), { recursive: true });
      writeFileSync(join(RESULTS_DIR, 'kiosk-logs', `${this.#file}.log`), kioskOutput);
    }
    mkdirSync(COVERAGE_DIR, { recursive: true });
    writeFileSync(join(COVERAGE_DIR, `${this.#file}.json`), `${JSON.stringify(this.#records, null, 2)}\n`);
    const all = readdirSync(COVERAGE_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .flatMap((name) => JSON.parse(readFileSync(join(COVERAGE_DIR, name), 'utf8')) as AuditRecord[]);
    writeFileSync(join(RESULTS_DIR, 'axe-coverage.md'), coverageMatrix(all));
  }
}

const recordLook = (r: AuditRecord) => `${r.language} ${r.theme}${r.textSize === 'large' ? ' large-text' : ''}`;

/** Screens down, language × theme × text size across, each cell naming the flows that audited it there. */
export function coverageMatrix(records: readonly AuditRecord[]): string {
  const looks = [...new Set(records.map(recordLook))].sort();
  const screens = [...new Set(records.map((r) => r.screen))];
  const lines = [
    '# axe-core and reachability coverage (WCAG 2.2 AA: wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa)',
    '',
    'Each cell lists the flows that audited the screen in that language, theme and text size; `!` marks a screen with violations',
    'or with a control off screen or covered.',
    '',
    `| screen | ${looks.join(' | ')} |`,
    `|---|${looks.map(() => '---').join('|')}|`,
  ];
  for (const screen of screens) {
    const cells = looks.map((look) => {
      const hits = records.filter((r) => r.screen === screen && recordLook(r) === look);
      return [...new Set(hits.map((r) => `${r.flow}${r.violations > 0 || (r.unreachable ?? 0) > 0 ? '!' : ''}`))].join(', ');
    });
    lines.push(`| ${screen} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
