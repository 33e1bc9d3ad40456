/**
 * The kiosk speaks to the citizen as "tú", as gob.cl and ChileAtiende do, on
 * screen, on the receipt and in every message. These are the "usted" forms the
 * kiosk's texts once used (possessive "su", imperatives like "Ingrese",
 * "Acuda", "Cree"); a Spanish citizen-facing text must contain none of them.
 * "su" is allowed where it belongs to a thing, not the citizen ("su dígito
 * verificador" of a RUN), so the few phrases that need it are listed.
 */
const USTED_FORMS =
  /\b(usted|ustedes|su|sus|Su|Sus|Ingrese|Escriba|Cree|Acuda|Pida|Revise|Espere|Intente|Elija|Guarde|Escanee|Cámbiela|Escríbala|Guárdela|Renuévela|Recupérela|comparta|pierde)\b/;
const ALLOWED = [/con su dígito verificador/g, /pasa su dígito verificador/g];

/** The first "usted" form in `text`, or null. */
export function ustedForm(text: string): string | null {
  const cleaned = ALLOWED.reduce((s, allowed) => s.replace(allowed, ''), text);
  return USTED_FORMS.exec(cleaned)?.[0] ?? null;
}
