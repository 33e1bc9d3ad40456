import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createKioskApi } from '../../../electron/contract/api.ts';
import { ok } from '../../../electron/contract/errors.ts';
import { DevPanel } from '../../../renderer/dev-panel/DevPanel.tsx';
import { DevPanelMount } from '../../../renderer/dev-panel/DevPanelMount.tsx';

const transport = { invoke: async () => ok({ citizens: [] }), subscribe: () => () => {} };

describe('the developer panel on the page', () => {
  it('is not there at all on a kiosk without simulated devices (no window.kiosk.dev)', () => {
    const production = createKioskApi(transport, { dev: false });
    expect(production.dev).toBeUndefined();
    expect(renderToStaticMarkup(createElement(DevPanelMount, { dev: production.dev }))).toBe('');
  });

  it('is a labelled toggle in the corner, its panel hidden until opened', () => {
    const html = renderToStaticMarkup(createElement(DevPanel, { dev: createKioskApi(transport, { dev: true }).dev! }));
    expect(html).toMatch(/^<button type="button" class="dev-toggle" aria-expanded="false" aria-controls="([^"]+)">Desarrollo<\/button><aside id="\1"/);
    expect(html).toMatch(/<aside [^>]*hidden=""/);
    // Nothing the citizen screens count on: no second <main>, no <h1>.
    expect(html).not.toMatch(/<main|<h1/);
    for (const name of [
      'Insert card',
      'Place matching finger',
      'Place non-matching finger',
      'Place poor-quality finger',
      'Lift finger',
      'Paper out',
      'Cover open',
      'Printer offline',
      'Central API offline',
    ]) {
      expect(html).toContain(`>${name}</button>`);
    }
    for (const device of ['card reader', 'fingerprint reader', 'printer']) {
      expect(html).toContain(`>Unplug ${device}</button>`);
      expect(html).toContain(`>Replug ${device}</button>`);
    }
  });
});
