/**
 * Named capture conditions for synthetic impressions. The dev panel and the
 * simulators name one of these; each sets placement spread, contact size,
 * skin condition and sensor rendering together, the way one real capture
 * comes out good or bad as a whole.
 *
 * `enrollment` … `poor` degrade everything together; `dry`, `wet` and
 * `partial` isolate the three commonest reasons a real capture fails (thin
 * broken ridges, merged ridges, too little skin on the glass).
 */
export const FINGERPRINT_QUALITIES = ['enrollment', 'good', 'fair', 'poor', 'dry', 'wet', 'partial'] as const;
export type FingerprintQuality = (typeof FINGERPRINT_QUALITIES)[number];

export interface QualityProfile {
  readonly rotationSdDegrees: number;
  readonly translationSdPx: number;
  /** Largest slip of skin outside the contact core, px. */
  readonly distortionPx: number;
  /** Contact ellipse semi-axes, px at 500 ppi (a firmly pressed fingertip: about 16 × 20 mm). */
  readonly contactAxesPx: readonly [number, number];
  /** How far the contact centre may sit from where the finger is, px. */
  readonly contactOffsetPx: number;
  /** Level of the master ridge field where ink starts: > 0 thins ridges (dry, light touch), < 0 thickens them (wet, hard press). */
  readonly ridgeThreshold: number;
  readonly ridgeThresholdSd: number;
  /** Width of the ridge edge in master-field units: larger is blurrier. */
  readonly ridgeSoftness: number;
  /** Share of the contact area where dry skin leaves no ink, and the size of those patches. */
  readonly dryness: number;
  readonly blotchCellPx: number;
  /** Fine unevenness of the ridge edges (skin texture, pores), in threshold units. */
  readonly grainDepth: number;
  /** 0–1: how much ink spreads into the valleys. */
  readonly smudge: number;
  /** 0–1: slow variation of ridge darkness over the contact area (uneven pressure, sensor shading). */
  readonly hazeDepth: number;
  /** Gray levels: background, ridge depth below it, noise standard deviation. */
  readonly background: number;
  readonly contrast: number;
  readonly noiseSd: number;
}

const base: QualityProfile = {
  rotationSdDegrees: 6,
  translationSdPx: 10,
  distortionPx: 3,
  contactAxesPx: [150, 185],
  contactOffsetPx: 8,
  ridgeThreshold: 0,
  ridgeThresholdSd: 0.05,
  ridgeSoftness: 0.7,
  dryness: 0,
  blotchCellPx: 7,
  grainDepth: 0.25,
  smudge: 0,
  hazeDepth: 0.2,
  background: 222,
  contrast: 165,
  noiseSd: 5,
};

export const QUALITY_PROFILES: Readonly<Record<FingerprintQuality, QualityProfile>> = {
  enrollment: {
    ...base,
    rotationSdDegrees: 4,
    translationSdPx: 6,
    distortionPx: 1.5,
    contactAxesPx: [165, 200],
    contactOffsetPx: 4,
    ridgeThresholdSd: 0.03,
    ridgeSoftness: 0.6,
    grainDepth: 0.15,
    hazeDepth: 0.1,
    background: 226,
    contrast: 180,
    noiseSd: 3,
  },
  good: base,
  fair: {
    ...base,
    rotationSdDegrees: 10,
    translationSdPx: 16,
    distortionPx: 5,
    contactAxesPx: [132, 165],
    contactOffsetPx: 14,
    ridgeThresholdSd: 0.12,
    ridgeSoftness: 0.9,
    dryness: 0.08,
    grainDepth: 0.4,
    hazeDepth: 0.35,
    background: 212,
    contrast: 125,
    noiseSd: 10,
  },
  poor: {
    ...base,
    rotationSdDegrees: 14,
    translationSdPx: 22,
    distortionPx: 8,
    contactAxesPx: [112, 140],
    contactOffsetPx: 22,
    ridgeThresholdSd: 0.25,
    ridgeSoftness: 1.2,
    dryness: 0.2,
    grainDepth: 0.6,
    smudge: 0.3,
    hazeDepth: 0.5,
    background: 200,
    contrast: 80,
    noiseSd: 16,
  },
  dry: { ...base, ridgeThreshold: 0.4, ridgeSoftness: 0.5, dryness: 0.22, blotchCellPx: 5, grainDepth: 0.5, background: 228, contrast: 150, noiseSd: 6 },
  wet: { ...base, ridgeThreshold: -0.5, ridgeSoftness: 0.9, grainDepth: 0.2, smudge: 0.6, hazeDepth: 0.3, background: 205, contrast: 150, noiseSd: 6 },
  partial: { ...base, rotationSdDegrees: 8, translationSdPx: 20, contactAxesPx: [88, 108], contactOffsetPx: 55 },
};
