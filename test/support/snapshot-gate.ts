import type { Page, WebSocketRoute } from 'playwright-core';
import type { SessionStep } from '../../electron/contract/session.ts';

/**
 * Sits on the page's WebSocket to the browser host (Playwright's
 * routeWebSocket) and can hold back what the host sends. The steps that wait
 * on central or the printer (verifying, issuing-code, printing, activating,
 * deferring) last milliseconds against the local sandbox; to audit and
 * photograph their screens without racing the service, the gate lets the
 * snapshot of such a step through, then keeps every later message (in order)
 * until the test releases it. The service is not slowed or changed: only
 * what the page sees lags behind, for as long as the test looks.
 */
export class SnapshotGate {
  #holding = false;
  readonly #queue: Array<() => void> = [];
  readonly #armed = new Map<SessionStep, { readonly deliver: () => void; readonly timer: ReturnType<typeof setTimeout> }>();

  /** Routes the page's socket through the gate; call before the page loads. */
  async install(page: Page): Promise<void> {
    await page.routeWebSocket(
      (url) => url.pathname === '/__kiosk/ws',
      (ws: WebSocketRoute) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => server.send(message));
        server.onMessage((message) => this.#fromHost(message, () => ws.send(message)));
      },
    );
  }

  /**
   * The next time the host sends the page a snapshot of `step`, deliver it
   * and hold everything after it. Resolves once that snapshot is delivered.
   */
  holdAt(step: SessionStep, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      // Bounds a hang (the step never came), with a message that says which step.
      const timer = setTimeout(() => {
        this.#armed.delete(step);
        reject(new Error(`the page was never sent a snapshot of step "${step}"`));
      }, timeoutMs);
      this.#armed.set(step, {
        timer,
        deliver: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Delivers what was held, in order; stops again at the next armed step. */
  release(): void {
    this.#holding = false;
    while (!this.#holding) {
      const next = this.#queue.shift();
      if (next === undefined) return;
      next();
    }
  }

  /** Forgets any armed step (its promise never settles) and lets everything through. */
  reset(): void {
    for (const { timer } of this.#armed.values()) clearTimeout(timer);
    this.#armed.clear();
    this.release();
  }

  #fromHost(message: string | Buffer, deliver: () => void): void {
    const forward = () => {
      deliver();
      const step = snapshotStep(message);
      const armed = step === null ? undefined : this.#armed.get(step);
      if (step !== null && armed !== undefined) {
        this.#armed.delete(step);
        this.#holding = true;
        armed.deliver();
      }
    };
    if (this.#holding) this.#queue.push(forward);
    else forward();
  }
}

/** The step of a session snapshot the host pushes (event) or answers a command with (result); null for anything else. */
function snapshotStep(message: string | Buffer): SessionStep | null {
  let data: { type?: unknown; event?: unknown; payload?: unknown; result?: { ok?: unknown; value?: unknown } };
  try {
    data = JSON.parse(String(message));
  } catch {
    return null;
  }
  const candidate =
    data.type === 'event' && data.event === 'session.snapshot' ? data.payload : data.type === 'result' && data.result?.ok === true ? data.result.value : null;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { step, revision } = candidate as { step?: unknown; revision?: unknown };
  return typeof step === 'string' && typeof revision === 'number' ? (step as SessionStep) : null;
}
