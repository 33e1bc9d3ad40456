/**
 * A chunk import that keeps trying: the host serves the chunks from loopback
 * (or app://), so a failed fetch means the host is restarting, not that the
 * chunk is gone. A rejected import would reach no error boundary and blank
 * the screen; waiting for the host keeps the Suspense fallback up instead.
 */
export function retryImport<T>(load: () => Promise<T>, delaysMs: readonly number[] = [250, 500, 1000, 2000, 5000]): () => Promise<T> {
  let pending: Promise<T> | null = null;
  const attempt = (tries: number): Promise<T> =>
    load().catch(
      () =>
        new Promise<T>((resolve) => {
          setTimeout(() => resolve(attempt(tries + 1)), delaysMs[Math.min(tries, delaysMs.length - 1)]);
        }),
    );
  // One promise per chunk: a prefetch and the render that needs the chunk share it.
  return () => (pending ??= attempt(0));
}
