/** The speech toggle's and the repeat button's icons, drawn like components/Icon.tsx (decorative). */
const GLYPHS = {
  speaker: (
    <>
      <path d="M3 9h4l5-4v14l-5-4H3z" />
      <path d="M16 8.5a5 5 0 0 1 0 7M19 5.5a9 9 0 0 1 0 13" />
    </>
  ),
  repeat: (
    <>
      <path d="M4 12a8 8 0 0 1 14-5.3M20 12a8 8 0 0 1-14 5.3" />
      <path d="M18 3v4h-4M6 21v-4h4" />
    </>
  ),
};

export function SpeechIcon({ name }: { readonly name: keyof typeof GLYPHS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {GLYPHS[name]}
    </svg>
  );
}
