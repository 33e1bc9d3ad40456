/**
 * The subscription half of every transport: `add` returns its own unsubscribe,
 * so a driver that stops listening leaves nothing behind ("no leaked
 * listeners").
 */
export class ListenerSet<Args extends unknown[]> {
  readonly #listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    // Wrap so the same function added twice is two subscriptions, as with EventEmitter.
    const entry = (...args: Args): void => listener(...args);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(...args: Args): void {
    for (const listener of [...this.#listeners]) listener(...args);
  }

  get size(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
