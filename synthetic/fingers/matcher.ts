/**
 * A minutiae matcher for the synthetic world (the simulator's Match/Search and
 * the central sandbox's verification), in two stages after Jiang & Yau (ICPR
 * 2000):
 *
 * 1. Local: pairs of minutiae whose local structures agree
 *    (matcher-template.ts) are candidate correspondences; the best few each
 *    propose a rigid alignment (rotation from the minutia directions,
 *    translation from the positions).
 * 2. Global: each alignment is refined by least squares on the minutiae it
 *    pairs, then the minutiae are paired one-to-one within distance and angle
 *    tolerances, greedily by error. Each pair counts up to 1, by how many of its
 *    neighbours agree and whether the types agree; with W that sum,
 *
 *        score = 100 · W² / (probe minutiae in the overlap × candidate minutiae in the overlap)
 *
 *    so 100 means every minutia in the common area paired with full support.
 *
 * Tolerances are in pixels at 500 dpi; `prepareTemplate` scales other
 * resolutions.
 */
import { angularGap, DEGREE, localSimilarity, type MatcherTemplate, prepareTemplate, wrapAngle } from './matcher-template.ts';
import type { FingerMinutiaeRecord } from './iso-19794-2.ts';
import type { Minutia } from './minutia.ts';

export { type MatcherTemplate, prepareTemplate } from './matcher-template.ts';

/**
 * Decision threshold on the score, from `node test/bench/matcher.bench.ts`
 * (1,000 fingers; 1,000 genuine and 101,000 impostor comparisons): the
 * impostor scores' 99.99th percentile was 4.4 and their maximum 6.0, so 10
 * keeps a wide margin. At 10, FAR 0 / 101,000 (95 % bound 0.003 %),
 * FRR 0.1 % for good impressions (quality 60–100) and about 10 % for
 * fair or poor ones (20–59), which the kiosk asks the citizen to retake.
 */
export const MATCH_THRESHOLD = 10;

/**
 * Decision threshold for templates extracted from images (central's
 * verification: kiosk images and the image-enrolled registry, both through
 * biometrics/fingerprint), from `npm run bench -- fingerprint-image`.
 * Extracted templates score higher against other fingers than the minutiae
 * model does: synthetic fingers of one pattern class share much of their
 * ridge flow, so their minutiae line up by chance more often (ground-truth
 * minutiae of such pairs reach 9), and a spurious or displaced minutia near a
 * small overlap can tip a few pairs over the MIN_OVERLAP_COUNT floor. At 10,
 * FAR was 0.04–0.08 % (1,000 fingers × 4 impressions: 105,158 impostor pairs
 * of kiosk impressions, 100,000 of kiosk impression against registry
 * template; 99.99th percentile 11.3–12.8, maximum 15.2; 18.2 in a 200-finger
 * run). Genuine scores sit far above (median 77–81, minimum 33.5), so the
 * threshold moves up rather than the matcher changing: at 24, FAR 0 / 205,158
 * and FRR 0 for 'good' and 'fair' captures, 1.7 % for 'poor' ones (which the
 * kiosk asks to retake).
 */
export const IMAGE_MATCH_THRESHOLD = 24;

/**
 * Largest relative rotation tried. Placements differ by about 11° (SD) on a
 * guided sensor; an anchor whose direction error pushes it past this is
 * skipped, and the other anchors still align the print.
 */
const MAX_ROTATION = 45 * DEGREE;
/** Alignments tried per comparison: the best-scoring local pairs. */
const CANDIDATE_ALIGNMENTS = 8;
/** Below this local similarity a pair is not worth an alignment. */
const MIN_LOCAL_SIMILARITY = 1.5;
/** Pairing radius: a base plus an allowance that grows with distance from the alignment centre (skin stretch). */
const PAIR_RADIUS_PX = 10;
const PAIR_RADIUS_RATE = 0.05;
const PAIR_ANGLE_TOLERANCE = 20 * DEGREE;
/** Local similarity at which a pair counts fully (about this many agreeing neighbours). */
const FULL_SUPPORT = 5;
/** Extractors swap ending and bifurcation often (5–25 % in the capture model); chance pairs disagree half the time. */
const TYPE_MISMATCH_WEIGHT = 0.5;
/** Minutiae this close outside the other template's bounding box still count as in the common area. */
const OVERLAP_MARGIN_PX = 14;
/** Floor of the overlap counts, so a sliver of overlap with three lucky pairs cannot score high. */
const MIN_OVERLAP_COUNT = 12;

export interface Alignment {
  /** Counter-clockwise on the image, applied to the probe to bring it onto the candidate. */
  readonly rotationDegrees: number;
  readonly dx: number;
  readonly dy: number;
}

export interface MatchResult {
  /** 0–100. */
  readonly score: number;
  readonly matched: boolean;
  readonly pairedMinutiae: number;
  readonly alignment: Alignment | null;
}

interface Transform {
  readonly rotation: number;
  readonly tx: number;
  readonly ty: number;
}

interface Pairing {
  readonly count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** The transformed probe coordinates the pairing was made with. */
  readonly px: Float64Array;
  readonly py: Float64Array;
}

const signedAngle = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

/** x' = x·cos + y·sin + tx, y' = −x·sin + y·cos + ty: counter-clockwise on the image, like ISO angles. */
function anchorTransform(p: MatcherTemplate, i: number, g: MatcherTemplate, j: number): Transform {
  const rotation = g.theta[j]! - p.theta[i]!;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return { rotation, tx: g.x[j]! - (p.x[i]! * cos + p.y[i]! * sin), ty: g.y[j]! - (-p.x[i]! * sin + p.y[i]! * cos) };
}

function pairMinutiae(p: MatcherTemplate, g: MatcherTemplate, t: Transform, centreX: number, centreY: number): Pairing {
  const s = scratchFor(p.count, g.count);
  const cos = Math.cos(t.rotation);
  const sin = Math.sin(t.rotation);
  let found = 0;
  for (let a = 0; a < p.count; a++) {
    const ax = (s.px[a] = p.x[a]! * cos + p.y[a]! * sin + t.tx);
    const ay = (s.py[a] = -p.x[a]! * sin + p.y[a]! * cos + t.ty);
    const radius = PAIR_RADIUS_PX + PAIR_RADIUS_RATE * Math.hypot(ax - centreX, ay - centreY);
    const thetaA = wrapAngle(p.theta[a]! + t.rotation);
    for (let k = lowerBound(g.sortedX, ax - radius); k < g.count && g.sortedX[k]! <= ax + radius; k++) {
      const b = g.byX[k]!;
      const dx = g.x[b]! - ax;
      const dy = g.y[b]! - ay;
      const d2 = dx * dx + dy * dy;
      if (d2 > radius * radius) continue;
      const angleGap = angularGap(thetaA, g.theta[b]!);
      if (angleGap > PAIR_ANGLE_TOLERANCE) continue;
      // Cost and link in one number, so a plain numeric sort orders the links by cost.
      const cost = Math.sqrt(d2) / radius + angleGap / PAIR_ANGLE_TOLERANCE;
      s.keys[found++] = Math.floor(cost * COST_SCALE) * LINK_SPACE + a * g.count + b;
    }
  }
  const keys = s.keys.subarray(0, found).sort();
  s.usedA.fill(0, 0, p.count);
  s.usedB.fill(0, 0, g.count);
  let count = 0;
  for (const key of keys) {
    const link = key % LINK_SPACE;
    const pa = Math.floor(link / g.count);
    const pb = link % g.count;
    if (s.usedA[pa] || s.usedB[pb]) continue;
    s.usedA[pa] = s.usedB[pb] = 1;
    s.a[count] = pa;
    s.b[count] = pb;
    count++;
  }
  return { count, a: s.a, b: s.b, px: s.px, py: s.py };
}

/** Costs are below 2; 2²⁰ steps keep their order, and 2¹⁶ link slots cover 255 × 255 minutiae (ISO's per-view maximum). */
const COST_SCALE = 2 ** 20;
const LINK_SPACE = 2 ** 16;

/**
 * Working memory reused by every comparison. The matcher is synchronous, and a
 * pairing is consumed (refined or scored) before the next one is made.
 */
let scratch = makeScratch(64, 64);
function makeScratch(probe: number, candidate: number) {
  return {
    px: new Float64Array(probe),
    py: new Float64Array(probe),
    usedA: new Uint8Array(probe),
    usedB: new Uint8Array(candidate),
    a: new Int32Array(probe),
    b: new Int32Array(probe),
    keys: new Float64Array(probe * candidate),
  };
}
function scratchFor(probe: number, candidate: number): ReturnType<typeof makeScratch> {
  if (scratch.px.length < probe || scratch.usedB.length < candidate)
    scratch = makeScratch(Math.max(probe, scratch.px.length), Math.max(candidate, scratch.usedB.length));
  return scratch;
}

/** First index whose value is ≥ `value`. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Least-squares rigid transform (2-D Procrustes) taking the paired probe minutiae onto their partners. */
function refine(p: MatcherTemplate, g: MatcherTemplate, pairing: Pairing): Transform {
  const n = pairing.count;
  let pcx = 0,
    pcy = 0,
    gcx = 0,
    gcy = 0;
  for (let k = 0; k < n; k++) {
    pcx += p.x[pairing.a[k]!]!;
    pcy += p.y[pairing.a[k]!]!;
    gcx += g.x[pairing.b[k]!]!;
    gcy += g.y[pairing.b[k]!]!;
  }
  pcx /= n;
  pcy /= n;
  gcx /= n;
  gcy /= n;
  let dot = 0,
    cross = 0;
  for (let k = 0; k < n; k++) {
    const ax = p.x[pairing.a[k]!]! - pcx;
    const ay = p.y[pairing.a[k]!]! - pcy;
    const bx = g.x[pairing.b[k]!]! - gcx;
    const by = g.y[pairing.b[k]!]! - gcy;
    dot += ax * bx + ay * by;
    cross += ay * bx - ax * by;
  }
  const rotation = Math.atan2(cross, dot);
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  return { rotation, tx: gcx - (pcx * cos + pcy * sin), ty: gcy - (-pcx * sin + pcy * cos) };
}

/** Pairs weighted by agreement: a chance pair lands in the tolerance box alone, a genuine pair brings its neighbours. */
function supportedPairs(p: MatcherTemplate, g: MatcherTemplate, pairing: Pairing): number {
  let total = 0;
  for (let k = 0; k < pairing.count; k++) {
    const a = pairing.a[k]!;
    const b = pairing.b[k]!;
    const typeWeight = p.type[a] === g.type[b] ? 1 : TYPE_MISMATCH_WEIGHT;
    total += typeWeight * Math.min(1, localSimilarity(p, a, g, b) / FULL_SUPPORT);
  }
  return total;
}

function overlapScore(p: MatcherTemplate, g: MatcherTemplate, pairing: Pairing): number {
  const gb = g.bounds;
  const m = OVERLAP_MARGIN_PX;
  let probeInside = 0;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (let a = 0; a < p.count; a++) {
    const x = pairing.px[a]!;
    const y = pairing.py[a]!;
    if (x >= gb.minX - m && x <= gb.maxX + m && y >= gb.minY - m && y <= gb.maxY + m) probeInside++;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  let candidateInside = 0;
  for (let b = 0; b < g.count; b++) {
    const x = g.x[b]!;
    const y = g.y[b]!;
    if (x >= minX - m && x <= maxX + m && y >= minY - m && y <= maxY + m) candidateInside++;
  }
  const weight = supportedPairs(p, g, pairing);
  return Math.min(100, (100 * weight * weight) / (Math.max(probeInside, MIN_OVERLAP_COUNT) * Math.max(candidateInside, MIN_OVERLAP_COUNT)));
}

/** The best local correspondences, best first. */
function candidateAnchors(p: MatcherTemplate, g: MatcherTemplate): [number, number][] {
  const scores: number[] = [];
  const anchors: [number, number][] = [];
  for (let i = 0; i < p.count; i++) {
    for (let j = 0; j < g.count; j++) {
      if (angularGap(p.theta[i]!, g.theta[j]!) > MAX_ROTATION) continue;
      const needed = scores.length === CANDIDATE_ALIGNMENTS ? Math.max(MIN_LOCAL_SIMILARITY, scores[CANDIDATE_ALIGNMENTS - 1]!) : MIN_LOCAL_SIMILARITY;
      const similarity = localSimilarity(p, i, g, j, needed);
      if (similarity < MIN_LOCAL_SIMILARITY) continue;
      if (scores.length === CANDIDATE_ALIGNMENTS && similarity <= scores[CANDIDATE_ALIGNMENTS - 1]!) continue;
      let at = scores.length;
      while (at > 0 && scores[at - 1]! < similarity) at--;
      scores.splice(at, 0, similarity);
      anchors.splice(at, 0, [i, j]);
      scores.length = anchors.length = Math.min(scores.length, CANDIDATE_ALIGNMENTS);
    }
  }
  return anchors;
}

export function compareTemplates(probe: MatcherTemplate, candidate: MatcherTemplate): MatchResult {
  let best: MatchResult = { score: 0, matched: false, pairedMinutiae: 0, alignment: null };
  if (probe.count < 2 || candidate.count < 2) return best;
  const gb = candidate.bounds;
  for (const [i, j] of candidateAnchors(probe, candidate)) {
    let transform = anchorTransform(probe, i, candidate, j);
    let pairing = pairMinutiae(probe, candidate, transform, candidate.x[j]!, candidate.y[j]!);
    if (pairing.count >= 3) {
      transform = refine(probe, candidate, pairing);
      if (Math.abs(signedAngle(transform.rotation)) > MAX_ROTATION) continue;
      pairing = pairMinutiae(probe, candidate, transform, (gb.minX + gb.maxX) / 2, (gb.minY + gb.maxY) / 2);
    }
    const score = overlapScore(probe, candidate, pairing);
    if (score > best.score) {
      const alignment = { rotationDegrees: signedAngle(transform.rotation) / DEGREE, dx: transform.tx, dy: transform.ty };
      best = { score, matched: score >= MATCH_THRESHOLD, pairedMinutiae: pairing.count, alignment };
    }
  }
  return best;
}

/** One-off comparison; prepare templates yourself when comparing one against many. */
export function matchMinutiae(probe: readonly Minutia[], candidate: readonly Minutia[]): MatchResult {
  return compareTemplates(prepareTemplate(probe), prepareTemplate(candidate));
}

/** Compares the first finger view of two ISO/IEC 19794-2 records, each scaled by its own resolution. */
export function matchRecords(probe: FingerMinutiaeRecord, candidate: FingerMinutiaeRecord): MatchResult {
  const template = (r: FingerMinutiaeRecord) => prepareTemplate(r.views[0]?.minutiae ?? [], r.xResolution, r.yResolution);
  return compareTemplates(template(probe), template(candidate));
}
