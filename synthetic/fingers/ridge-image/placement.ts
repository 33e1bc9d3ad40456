/**
 * Where a master print lands on the sensor: a rigid placement (rotation about
 * the master's centre, translation) plus the skin's elastic distortion.
 * Distortion follows the shape of Cappelli, Maio & Maltoni's plastic
 * distortion model ("Modelling plastic distortion in fingerprint images",
 * ICAPR 2001): skin in the middle of the contact area does not slip, skin
 * beyond it is dragged by the finger's residual shear and twist, with a
 * smooth transition between the two.
 */
import { FRAME_OFFSET } from './flow-field.ts';
import { SENSOR_HEIGHT, SENSOR_WIDTH } from '../minutia.ts';

export interface ContactArea {
  /** Ellipse centre and semi-axes in impression pixels. */
  readonly x: number;
  readonly y: number;
  readonly rx: number;
  readonly ry: number;
}

/** Plain data, so it can be logged and compared; map points with masterToImpression / impressionToMaster. */
export interface ImpressionTransform {
  /** Counter-clockwise as seen on the image, like ISO minutia angles. */
  readonly rotationDegrees: number;
  /** The master centre `masterCentre` lands at impression centre + (dx, dy) before distortion. */
  readonly dx: number;
  readonly dy: number;
  readonly masterCentre: { readonly x: number; readonly y: number };
  readonly impressionCentre: { readonly x: number; readonly y: number };
  /** Displacement of skin outside the non-slip core, impression px, and its twist, radians. */
  readonly shearX: number;
  readonly shearY: number;
  readonly twist: number;
  /** The contact area the distortion is relative to. */
  readonly contact: ContactArea;
}

/** The centre of the generator's 256 × 288 frame on the master. */
export const MASTER_CENTRE = { x: FRAME_OFFSET.x + SENSOR_WIDTH / 2, y: FRAME_OFFSET.y + SENSOR_HEIGHT / 2 } as const;

/** Non-slip core and the outer limit of the transition, in contact-ellipse radii. */
const CORE_RADIUS = 0.3;
const TRANSITION_END = 1.25;

/** Elliptic radius of an impression point relative to the contact area (1 on its edge). */
export function contactRadius(contact: ContactArea, x: number, y: number): number {
  return Math.hypot((x - contact.x) / contact.rx, (y - contact.y) / contact.ry);
}

/** Share of the full slip at elliptic contact radius r: none in the core, all beyond the transition, smooth between. */
function slip(r: number): number {
  if (r <= CORE_RADIUS) return 0;
  const s = Math.min(1, (r - CORE_RADIUS) / (TRANSITION_END - CORE_RADIUS));
  return s * s * (3 - 2 * s);
}

/** Elastic displacement at an impression point. */
function displacement(t: ImpressionTransform, x: number, y: number): [number, number] {
  const w = slip(contactRadius(t.contact, x, y));
  const ox = x - t.contact.x;
  const oy = y - t.contact.y;
  return [w * (t.shearX - t.twist * oy), w * (t.shearY + t.twist * ox)];
}

/**
 * impressionToMaster with its trigonometry done once, writing into `out`:
 * the renderer calls it for every pixel.
 */
export function inverseMapping(t: ImpressionTransform): (x: number, y: number, out: { x: number; y: number }) => void {
  const r = (t.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const { contact, shearX, shearY, twist } = t;
  const cx = t.impressionCentre.x + t.dx;
  const cy = t.impressionCentre.y + t.dy;
  const mx = t.masterCentre.x;
  const my = t.masterCentre.y;
  return (x, y, out) => {
    const ox = x - contact.x;
    const oy = y - contact.y;
    const w = slip(Math.sqrt((ox / contact.rx) ** 2 + (oy / contact.ry) ** 2));
    const ux = x - w * (shearX - twist * oy) - cx;
    const uy = y - w * (shearY + twist * ox) - cy;
    // Inverse of the counter-clockwise (as seen, y down) rotation in rigidToImpression.
    out.x = mx + ux * cos - uy * sin;
    out.y = my + ux * sin + uy * cos;
  };
}

/** The master point seen at an impression pixel. */
export function impressionToMaster(t: ImpressionTransform, x: number, y: number): { x: number; y: number } {
  const out = { x: 0, y: 0 };
  inverseMapping(t)(x, y, out);
  return out;
}

function rigidToImpression(t: ImpressionTransform, x: number, y: number): [number, number] {
  const r = (t.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  const ox = x - t.masterCentre.x;
  const oy = y - t.masterCentre.y;
  return [t.impressionCentre.x + t.dx + ox * cos + oy * sin, t.impressionCentre.y + t.dy - ox * sin + oy * cos];
}

/** Where a master point lands in the impression (the distortion is smooth and small, so a fixed-point iteration converges). */
export function masterToImpression(t: ImpressionTransform, x: number, y: number): { x: number; y: number } {
  const [rx, ry] = rigidToImpression(t, x, y);
  let qx = rx;
  let qy = ry;
  for (let k = 0; k < 12; k++) {
    const [ex, ey] = displacement(t, qx, qy);
    qx = rx + ex;
    qy = ry + ey;
  }
  return { x: qx, y: qy };
}
