// The baseline for the start-up benchmark: the smallest Vite + React page with one button.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <main>
    <h1>Hello, world</h1>
    <button type="button">Hello</button>
  </main>,
);
