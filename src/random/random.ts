/**
 * The run's seeded random stream: xoshiro128** (Blackman & Vigna 2018) on four 32-bit words,
 * with uniform doubles of 53 random bits and standard normals by Marsaglia's polar method.
 *
 * Why our own generator rather than a library: the whole state is four integers plus one cached
 * normal, so a checkpoint can save and restore it exactly; drawing never allocates (the inner
 * loop draws one normal per soma per step); and every operation is 32-bit integer arithmetic,
 * which V8 compiles to machine instructions. Streams for separate purposes (each weight matrix's
 * initialisation, the noise) are derived from (seed, label) so that changing one does not shift
 * the numbers of another.
 */
export interface RandomState {
  readonly words: [number, number, number, number];
  /** The second normal of the last polar pair, or null when none is cached. */
  readonly spareNormal: number | null;
}

const TWO_POW_MINUS_32 = 2 ** -32;
const TWO_POW_MINUS_53 = 2 ** -53;

export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private hasSpare = false;
  private spare = 0;

  /** A stream from an integer seed and an optional label naming its purpose. */
  constructor(seed: number, label = '') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let h = mix32(hashLabel(label) ^ mix32(Math.floor(seed) >>> 0) ^ mix32(Math.floor(seed / 2 ** 32) >>> 0));
    // splitmix32 expands the 32-bit hash into the four state words (never all zero).
    const next = (): number => {
      h = (h + 0x9e3779b9) | 0;
      return mix32(h);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A new independent stream for a named purpose, derived from this stream's seed material. */
  derive(label: string): Random {
    const child = new Random(0, label);
    child.s0 ^= this.s0;
    child.s1 ^= this.s1;
    child.s2 ^= this.s2;
    child.s3 ^= this.s3;
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  /** Next 32 random bits as an unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = rotl(s3, 11);
    return result >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
  }

  /** Uniform double in [a, b). */
  uniformIn(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }

  /** Uniform integer in [0, n), n ≤ 2^32, without modulo bias. */
  integer(n: number): number {
    if (!(n >= 1 && n <= 2 ** 32 && Number.isInteger(n))) throw new RangeError(`integer(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal N(0, 1) by Marsaglia's polar method; pairs are drawn, one is cached. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let x: number;
    let y: number;
    let s: number;
    do {
      x = 2 * ((this.nextUint32() + 0.5) * TWO_POW_MINUS_32) - 1;
      y = 2 * ((this.nextUint32() + 0.5) * TWO_POW_MINUS_32) - 1;
      s = x * x + y * y;
    } while (s >= 1);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = y * f;
    this.hasSpare = true;
    return x * f;
  }

  /** out[offset + i] = scale · N(0,1) for i < n. */
  fillNormal(out: Float64Array, offset: number, n: number, scale: number): void {
    for (let i = 0; i < n; i++) out[offset + i] = scale * this.normal();
  }

  /** out[offset + i] ~ U(−a, a) for i < n. */
  fillUniformSymmetric(out: Float64Array | Float32Array, offset: number, n: number, a: number): void {
    for (let i = 0; i < n; i++) out[offset + i] = a * (2 * this.uniform() - 1);
  }

  /** Fisher–Yates shuffle of `values` in place. */
  shuffle<T>(values: T[] | Int32Array | Uint32Array | Float64Array): void {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
  }

  /** The complete state: restoring it continues the stream bit for bit. */
  getState(): RandomState {
    return { words: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.hasSpare ? this.spare : null };
  }

  /**
   * Writes the complete state into out[off…off+5] (the four words, 1 or 0 for a cached normal, the
   * cached normal) without allocating: for a kernel that continues this stream (the microcircuit's
   * fused step), which hands it back through `readState`.
   */
  writeState(out: Float64Array, off: number): void {
    out[off] = this.s0;
    out[off + 1] = this.s1;
    out[off + 2] = this.s2;
    out[off + 3] = this.s3;
    out[off + 4] = this.hasSpare ? 1 : 0;
    out[off + 5] = this.spare;
  }

  /** Restores a state written by `writeState` (and advanced by a kernel with the same algorithm). */
  readState(src: Float64Array, off: number): void {
    this.s0 = src[off] | 0;
    this.s1 = src[off + 1] | 0;
    this.s2 = src[off + 2] | 0;
    this.s3 = src[off + 3] | 0;
    this.hasSpare = src[off + 4] !== 0;
    this.spare = src[off + 5];
  }

  setState(state: RandomState): void {
    const w = state.words;
    if (w.length !== 4 || w.some((x) => !Number.isInteger(x))) throw new RangeError('random state needs four integer words');
    if ((w[0] | w[1] | w[2] | w[3]) === 0) throw new RangeError('random state words must not all be zero');
    this.s0 = w[0] | 0;
    this.s1 = w[1] | 0;
    this.s2 = w[2] | 0;
    this.s3 = w[3] | 0;
    this.hasSpare = state.spareNormal !== null;
    this.spare = state.spareNormal ?? 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The 32-bit finaliser of MurmurHash3: a bijective avalanche mix. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

/** FNV-1a over the UTF-16 code units of a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
