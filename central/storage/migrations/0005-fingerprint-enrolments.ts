/**
 * Which fingers each person enrolled, apart from the templates derived from
 * them. The registry is enrolled from images (ARCHITECTURE.md, "Fingerprints:
 * images across the wire"): a template is extracted from the enrolment image
 * at first need and cached in fingerprint_templates (domain/registry.ts), so
 * seeding a thousand people does not cost four thousand extractions.
 *
 * Templates already stored came from the old minutiae model, which kiosk
 * captures no longer resemble (they are extracted from ridge images); they are
 * dropped here and re-derived from the enrolment images on first use.
 */
export default {
  version: 5,
  name: '0005-fingerprint-enrolments',
  sql: /* sql */ `
CREATE TABLE fingerprint_enrolments (
  person_id       INTEGER NOT NULL REFERENCES persons(id),
  finger_position INTEGER NOT NULL CHECK (finger_position BETWEEN 1 AND 10),
  enrolled_on     TEXT NOT NULL,
  PRIMARY KEY (person_id, finger_position)
) STRICT, WITHOUT ROWID;

INSERT INTO fingerprint_enrolments (person_id, finger_position, enrolled_on)
  SELECT person_id, finger_position, enrolled_on FROM fingerprint_templates;
DELETE FROM fingerprint_templates;
`,
} as const;
