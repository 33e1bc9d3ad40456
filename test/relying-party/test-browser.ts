/**
 * Just enough of a browser for the relying party's protocol tests: follows
 * redirects one at a time (so a test can look at each), keeps cookies per
 * host, trusts the test provider's CA. Chromium drives the real pages in the
 * e2e tests; here each hop is checked.
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';

export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
  readonly headers: Headers;
}

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();
  private readonly dispatcher: Agent;
  constructor(caFile: string) {
    this.dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
  }

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).host)?.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    const host = new URL(url).host;
    const cookies = [...(this.jar.get(host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      dispatcher: this.dispatcher,
      headers: { ...(cookies && { cookie: cookies }), ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(init.form && { body: new URLSearchParams(init.form).toString() }),
    });
    const jar = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired) jar.delete(name);
      else jar.set(name, pair!.slice(eq + 1).trim());
    }
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      location: location === null ? null : new URL(location, url).href,
      body: await response.text(),
      headers: response.headers as unknown as Headers,
    };
  }

  /** Follows redirects from `url` until a page answers; returns every hop, the page last. */
  async navigate(url: string, init: { form?: Record<string, string> } = {}): Promise<Hop[]> {
    const hops: Hop[] = [await this.request(url, init)];
    while (hops.at(-1)!.location !== null && hops.at(-1)!.status >= 300 && hops.at(-1)!.status < 400) {
      if (hops.length > 20) throw new Error('too many redirects');
      hops.push(await this.request(hops.at(-1)!.location!));
    }
    return hops;
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}
