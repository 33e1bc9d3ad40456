import type { Locator, Page } from 'playwright-core';
import { WAIT_MS } from './kiosk-screen.ts';

/**
 * The developer panel (renderer/dev-panel) as a developer uses it: open it
 * from its corner toggle, pick a synthetic citizen, tap a device action,
 * read the status line, close it again so the citizen screen is reachable.
 */
export class DevPanelDriver {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  toggle(): Locator {
    return this.page.getByRole('button', { name: 'Desarrollo', exact: true });
  }

  panel(): Locator {
    return this.page.getByRole('complementary', { name: 'Developer panel', exact: true });
  }

  async open(): Promise<void> {
    if ((await this.toggle().getAttribute('aria-expanded')) !== 'true') await this.toggle().tap({ timeout: WAIT_MS });
    await this.panel().waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  async close(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Close developer panel', exact: true }).tap({ timeout: WAIT_MS });
    await this.panel().waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  /** Picks the scenario (by its value) and the citizen (by RUN) the card and finger actions use. */
  async chooseCitizen(scenario: string, run: string): Promise<void> {
    await this.panel().getByLabel('Scenario', { exact: true }).selectOption(scenario, { timeout: WAIT_MS });
    await this.panel().getByLabel('Citizen', { exact: true }).selectOption(run, { timeout: WAIT_MS });
  }

  /**
   * Taps one of the panel's buttons and waits for the status line the
   * command's answer writes (`expectStatus`), so the next step of the test
   * starts after the simulator has it.
   */
  async act(button: string, expectStatus: string | RegExp): Promise<void> {
    await this.panel().getByRole('button', { name: button, exact: true }).tap({ timeout: WAIT_MS });
    await this.panel().getByRole('status').filter({ hasText: expectStatus }).waitFor({ timeout: WAIT_MS });
  }

  /** Opens the panel, acts, closes it again. */
  async run(button: string, expectStatus: string | RegExp): Promise<void> {
    await this.open();
    await this.act(button, expectStatus);
    await this.close();
  }
}
