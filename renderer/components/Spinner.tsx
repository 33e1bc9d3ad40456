/** Decorative: the text beside it says what is happening. Stops turning under prefers-reduced-motion. */
export function Spinner({ large = false }: { readonly large?: boolean }) {
  return <span className={large ? 'spinner spinner-large' : 'spinner'} aria-hidden="true" />;
}
