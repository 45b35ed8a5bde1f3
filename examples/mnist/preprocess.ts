// MNIST-style preprocessing of a drawn digit, pure (no DOM): crop to the ink, fit into 20x20, centre by mass in 28x28.

/** A grayscale ink image: `ink[y * width + x]` in 0..1 (0 = paper, 1 = full ink). */
export interface InkImage {
  width: number;
  height: number;
  ink: ArrayLike<number>;
}

export const SIDE = 28;
/** MNIST fitted each digit into a 20x20 box, keeping its aspect ratio, then centred it by mass in 28x28. */
export const BOX = 20;
/** Ink below this (the faint anti-aliased fringe of a stroke) does not extend the bounding box. */
const FRINGE = 0.05;

interface Box { x0: number; y0: number; x1: number; y1: number }

/** The smallest rectangle holding all ink above the fringe level, or null on a blank image. */
export function inkBounds(img: InkImage): Box | null {
  let x0 = img.width, y0 = img.height, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.ink[y * img.width + x]! > FRINGE) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Centre of mass of the ink, in pixel coordinates where pixel i spans [i, i+1). */
export function centreOfMass(img: InkImage): { x: number; y: number; mass: number } {
  let mass = 0, sx = 0, sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.ink[y * img.width + x]!;
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass, mass } : { x: img.width / 2, y: img.height / 2, mass: 0 };
}

/**
 * Overlap of each destination pixel j (spanning [j, j+1)) with each source pixel, where source coordinate s maps to
 * destination (s - origin) * scale + SIDE / 2. Returned as a sparse list per destination pixel.
 */
function coverage(srcLen: number, origin: number, scale: number): { i: number; w: number }[][] {
  const out: { i: number; w: number }[][] = [];
  for (let j = 0; j < SIDE; j++) {
    const a = origin + (j - SIDE / 2) / scale, b = origin + (j + 1 - SIDE / 2) / scale;
    const list: { i: number; w: number }[] = [];
    for (let i = Math.max(0, Math.floor(a)); i < Math.min(srcLen, Math.ceil(b)); i++) {
      const w = Math.min(b, i + 1) - Math.max(a, i);
      if (w > 0) list.push({ i, w });
    }
    out.push(list);
  }
  return out;
}

/**
 * The 28x28 MNIST input (bytes 0..255, row-major, white ink on black) for a drawing, or null when nothing is drawn.
 * The ink's bounding box is scaled so its longer side is 20 pixels, and the image is placed so the centre of mass
 * lands at the centre of the 28x28 field. Resampling averages the source over each destination pixel's footprint
 * (a box filter), which anti-aliases the way MNIST's normalisation did; mass-centring is exact to a sub-pixel.
 */
export function toMnist(img: InkImage): Uint8Array | null {
  const box = inkBounds(img);
  if (!box) return null;
  const scale = BOX / Math.max(box.x1 - box.x0, box.y1 - box.y0);
  const com = centreOfMass(img);
  const cx = coverage(img.width, com.x, scale), cy = coverage(img.height, com.y, scale);
  const out = new Uint8Array(SIDE * SIDE);
  // Each destination pixel covers (1/scale)^2 source pixels: dividing by that area gives the mean ink.
  const norm = scale * scale;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      let sum = 0;
      for (const r of cy[y]!) {
        const row = r.i * img.width;
        for (const c of cx[x]!) sum += r.w * c.w * img.ink[row + c.i]!;
      }
      const v = Math.round(Math.min(1, Math.max(0, sum * norm)) * 255);
      out[y * SIDE + x] = v;
    }
  }
  return out;
}

/** Ink from canvas RGBA pixels drawn in one colour on transparency: the alpha channel is the ink. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3]! / 255;
  return { width, height, ink };
}
