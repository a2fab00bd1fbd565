// One whole explicit step of the microcircuit in one call (src/circuits/fused-step.ts builds the
// program): rates, dendritic potentials, somatic derivatives, the Urbanczik–Senn errors and the
// fused trace-and-weight update, the group update y ← y + h_g·f and the somatic noise. The program
// is a list of operations over byte addresses in the memory the JavaScript side shares; each
// operation does exactly the arithmetic of the JavaScript code it replaces, in the same order
// (φ through the fdlibm ports that V8 uses for Math.exp, Math.log and Math.log1p; the noise
// through the same xoshiro128** stream and polar method as src/random/random.ts), so a fused step
// gives the bits of the step-by-step JavaScript and kernel calls. At small sizes (30-50-10: a few
// thousand multiply-adds a step) the calls themselves were most of the step's time.

import { fdlibmExp, fdlibmLog, fdlibmLog1p, log2Lanes, ordinaryLog2Lanes, softplus2, writeTwoLaneConstants } from './fdlibm';
import { matVec, matVecAdd, filteredUpdate } from './kernels';

/** Operation codes; the layout of each operation's operands is given with its case below. */
const OP_END = 0;
const OP_PHI = 1;
const OP_MATVEC = 2;
const OP_MATVEC_ADD = 3;
const OP_COPY = 4;
const OP_SKIP_UNLESS_PLASTIC = 5;
const OP_PREDICTION_ERROR = 6;
const OP_NEGATE = 7;
const OP_FILTERED_UPDATE = 8;
const OP_SOMA_HIDDEN = 9;
const OP_SOMA_INTERNEURON = 10;
const OP_SOMA_OUTPUT = 11;
const OP_RELAX = 12;
const OP_INTEGRAL = 13;
const OP_GROUP_STEP = 14;
const OP_NOISE = 15;

/** Rate-function kinds (src/neurons/rate-function.ts). */
const PHI_SOFTPLUS = 0;
const PHI_LOGISTIC = 1;
const PHI_RELU = 2;
const PHI_LINEAR = 3;

// The parameter block (doubles), at the address in program word 0:
const P_PHI_KIND = 0; // rate-function kind
const P_GAMMA = 1; // softplus γ, β, θ
const P_BETA = 2;
const P_THETA = 3;
const P_NUDGED = 4; // gates: 1 or 0
const P_AVERAGING = 5;
const P_PLASTIC = 6;
const P_TAU_W = 7; // τ_w
const P_TRACE_GROUP = 8; // group indices of the traces and the weights
const P_WEIGHT_GROUP = 9;
const P_RNG = 10; // s0, s1, s2, s3, has spare, spare
const P_COEF = 16; // (hW, a, hD) of the matrix being updated
const P_GROUPS = 20; // h_g of every group, then A_g (noise amplitude) of every group; P_GROUPS − 1 holds the group count
// after those, 16-byte aligned: the two-lane functions' constant table (fdlibm.ts, writeTwoLaneConstants), written by each call

let phiKind: i32 = 0;
let gamma: f64 = 0;
let beta: f64 = 0;
let theta: f64 = 0;
let s0: i32 = 0;
let s1: i32 = 0;
let s2: i32 = 0;
let s3: i32 = 0;
let hasSpare: bool = false;
let spare: f64 = 0;

// @ts-ignore: decorator
@inline
function param(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
function phi(u: f64): f64 {
  if (phiKind == PHI_SOFTPLUS) {
    const x = beta * (u - theta);
    return gamma * ((x > 0 ? x : 0) + fdlibmLog1p(fdlibmExp(-Math.abs(x))));
  }
  if (phiKind == PHI_LOGISTIC) {
    const e = fdlibmExp(-Math.abs(u));
    return u >= 0 ? 1 / (1 + e) : e / (1 + e);
  }
  if (phiKind == PHI_RELU) return u > 0 ? u : 0;
  return u;
}

// xoshiro128** (random.ts, nextUint32), as an unsigned 32-bit value
// @ts-ignore: decorator
@inline
function nextUint32(): u32 {
  const a = s0;
  const b = s1;
  const c = s2 ^ a;
  const d = s3 ^ b;
  const result = rotl<i32>(b * 5, 7) * 9;
  const t = b << 9;
  s1 = b ^ c;
  s0 = a ^ d;
  s2 = c ^ t;
  s3 = rotl<i32>(d, 11);
  return <u32>result;
}

/**
 * out[0…n) = the next n normals of the stream, the values and stream state of n calls of normal():
 * the accepted polar pairs are drawn first, in order (the stream's use does not depend on the
 * logarithms), then f = √(−2 ln s / s) of two pairs at a time (fdlibm.ts, log2Lanes), then the
 * normals in order, the last pair's second one cached when n is odd. `pairs` has room for
 * 3·(n/2 + 1) doubles; table: the two-lane constants.
 */
function normals(out: usize, n: i32, pairs: usize, table: usize): void {
  let i = 0;
  if (n > 0 && hasSpare) {
    hasSpare = false;
    store<f64>(out, spare);
    i = 1;
  }
  const count = (n - i + 1) >> 1;
  const xs = pairs;
  const ys = pairs + (<usize>count << 3);
  const ss = ys + (<usize>count << 3);
  for (let k = 0; k < count; k++) {
    let x: f64;
    let y: f64;
    let s: f64;
    do {
      x = 2 * ((<f64>nextUint32() + 0.5) * 2.3283064365386963e-10) - 1;
      y = 2 * ((<f64>nextUint32() + 0.5) * 2.3283064365386963e-10) - 1;
      s = x * x + y * y;
    } while (s >= 1);
    const o = <usize>k << 3;
    store<f64>(xs + o, x);
    store<f64>(ys + o, y);
    store<f64>(ss + o, s);
  }
  // f_k into ss
  let k = 0;
  for (; k + 1 < count; k += 2) {
    const o = <usize>k << 3;
    const s = v128.load(ss + o);
    const l = ordinaryLog2Lanes(s, table) ? log2Lanes(s, table) : f64x2.replace_lane(f64x2.splat(fdlibmLog(f64x2.extract_lane(s, 0))), 1, fdlibmLog(f64x2.extract_lane(s, 1)));
    v128.store(ss + o, f64x2.sqrt(f64x2.div(f64x2.mul(f64x2.splat(-2), l), s)));
  }
  for (; k < count; k++) {
    const o = <usize>k << 3;
    const s = load<f64>(ss + o);
    store<f64>(ss + o, Math.sqrt((-2 * fdlibmLog(s)) / s));
  }
  for (k = 0; k < count; k++) {
    const o = <usize>k << 3;
    const f = load<f64>(ss + o);
    store<f64>(out + (<usize>i << 3), load<f64>(xs + o) * f);
    i++;
    const second = load<f64>(ys + o) * f;
    if (i < n) {
      store<f64>(out + (<usize>i << 3), second);
      i++;
    } else {
      spare = second;
      hasSpare = true;
    }
  }
}

// @ts-ignore: decorator
@inline
function word(program: usize, i: i32): i32 {
  return load<i32>(program + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
function addr(program: usize, i: i32): usize {
  return <usize>load<i32>(program + (<usize>i << 2));
}

/**
 * Runs the step program at `program` (i32 words: the parameter block's address, then operations,
 * each an opcode and its operands, ending with OP_END). Returns the number of operations run.
 */
export function runStep(program: usize): i32 {
  const p = addr(program, 0);
  phiKind = <i32>param(p, P_PHI_KIND);
  gamma = param(p, P_GAMMA);
  beta = param(p, P_BETA);
  theta = param(p, P_THETA);
  s0 = <i32>param(p, P_RNG);
  s1 = <i32>param(p, P_RNG + 1);
  s2 = <i32>param(p, P_RNG + 2);
  s3 = <i32>param(p, P_RNG + 3);
  hasSpare = param(p, P_RNG + 4) != 0;
  spare = param(p, P_RNG + 5);
  const groups = <i32>param(p, P_GROUPS - 1);
  const k = p + (<usize>(P_GROUPS + 2 * groups) << 3);
  writeTwoLaneConstants(k);
  let pc = 1;
  let ops = 0;
  for (;;) {
    const op = word(program, pc);
    if (op == OP_END) break;
    ops++;
    switch (op) {
      case OP_PHI: {
        // src, dst, n: dst[i] = φ(src[i])
        const src = addr(program, pc + 1);
        const dst = addr(program, pc + 2);
        const n = word(program, pc + 3);
        let i = 0;
        if (phiKind == PHI_SOFTPLUS) {
          // two at a time (fdlibm.ts, softplus2: the same bits)
          const vb = f64x2.splat(beta);
          const vt = f64x2.splat(theta);
          for (; i + 1 < n; i += 2) {
            const o = <usize>i << 3;
            v128.store(dst + o, softplus2(f64x2.mul(vb, f64x2.sub(v128.load(src + o), vt)), gamma, k));
          }
        }
        for (; i < n; i++) store<f64>(dst + (<usize>i << 3), phi(load<f64>(src + (<usize>i << 3))));
        pc += 4;
        break;
      }
      case OP_MATVEC: {
        // w, rows, cols, x, out
        matVec(addr(program, pc + 1), word(program, pc + 2), word(program, pc + 3), addr(program, pc + 4), addr(program, pc + 5));
        pc += 6;
        break;
      }
      case OP_MATVEC_ADD: {
        matVecAdd(addr(program, pc + 1), word(program, pc + 2), word(program, pc + 3), addr(program, pc + 4), addr(program, pc + 5));
        pc += 6;
        break;
      }
      case OP_COPY: {
        // src, dst, n
        memory.copy(addr(program, pc + 2), addr(program, pc + 1), <usize>word(program, pc + 3) << 3);
        pc += 4;
        break;
      }
      case OP_SKIP_UNLESS_PLASTIC: {
        // target word index
        pc = param(p, P_PLASTIC) != 0 ? pc + 2 : word(program, pc + 1);
        break;
      }
      case OP_PREDICTION_ERROR: {
        // rate, prediction, attenuation (address of c, or 0 for none), out, n: out[i] = φ(u_i) − φ(c·v_i)
        const rate = addr(program, pc + 1);
        const v = addr(program, pc + 2);
        const cAddr = addr(program, pc + 3);
        const out = addr(program, pc + 4);
        const n = word(program, pc + 5);
        let i = 0;
        if (phiKind == PHI_SOFTPLUS) {
          // two at a time (fdlibm.ts, softplus2: the same bits); c·v only with an attenuation
          const vb = f64x2.splat(beta);
          const vt = f64x2.splat(theta);
          const vc = f64x2.splat(cAddr != 0 ? load<f64>(cAddr) : 1);
          for (; i + 1 < n; i += 2) {
            const o = <usize>i << 3;
            const vv = v128.load(v + o);
            const pred = cAddr != 0 ? f64x2.mul(vc, vv) : vv;
            v128.store(out + o, f64x2.sub(v128.load(rate + o), softplus2(f64x2.mul(vb, f64x2.sub(pred, vt)), gamma, k)));
          }
        }
        if (cAddr != 0) {
          const c = load<f64>(cAddr);
          for (; i < n; i++) {
            const o = <usize>i << 3;
            store<f64>(out + o, load<f64>(rate + o) - phi(c * load<f64>(v + o)));
          }
        } else {
          for (; i < n; i++) {
            const o = <usize>i << 3;
            store<f64>(out + o, load<f64>(rate + o) - phi(load<f64>(v + o)));
          }
        }
        pc += 6;
        break;
      }
      case OP_NEGATE: {
        // src, out, n: out[i] = −src[i]
        const src = addr(program, pc + 1);
        const out = addr(program, pc + 2);
        const n = word(program, pc + 3);
        for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), -load<f64>(src + (<usize>i << 3)));
        pc += 4;
        break;
      }
      case OP_FILTERED_UPDATE: {
        // trace, weight, rows, cols, post, pre, address of η: coefficients as dendritic-plasticity.ts's step
        const c = p + (<usize>P_COEF << 3);
        const hD = param(p, P_GROUPS + <i32>param(p, P_TRACE_GROUP)) / param(p, P_TAU_W);
        store<f64>(c + 16, hD);
        store<f64>(c + 8, 1 - hD);
        store<f64>(c, param(p, P_GROUPS + <i32>param(p, P_WEIGHT_GROUP)) * load<f64>(addr(program, pc + 7)));
        filteredUpdate(addr(program, pc + 1), addr(program, pc + 2), word(program, pc + 3), word(program, pc + 4), addr(program, pc + 5), addr(program, pc + 6), c);
        pc += 8;
        break;
      }
      case OP_SOMA_HIDDEN: {
        // u, basal, apical, du, n, constants (g_B, g_A, g): du = g_B·v_B + g_A·v_A − g·u
        const u = addr(program, pc + 1);
        const basal = addr(program, pc + 2);
        const apical = addr(program, pc + 3);
        const du = addr(program, pc + 4);
        const n = word(program, pc + 5);
        const k = addr(program, pc + 6);
        const gb = load<f64>(k);
        const ga = load<f64>(k + 8);
        const g = load<f64>(k + 16);
        for (let i = 0; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(du + o, gb * load<f64>(basal + o) + ga * load<f64>(apical + o) - g * load<f64>(u + o));
        }
        pc += 7;
        break;
      }
      case OP_SOMA_INTERNEURON: {
        // u, dendrite, teacher, du, n, constants (g_D, g_som, g): du = g_D·v_I + g_som·u_{k+1} − g·u
        const u = addr(program, pc + 1);
        const dendrite = addr(program, pc + 2);
        const teacher = addr(program, pc + 3);
        const du = addr(program, pc + 4);
        const n = word(program, pc + 5);
        const k = addr(program, pc + 6);
        const gd = load<f64>(k);
        const gs = load<f64>(k + 8);
        const g = load<f64>(k + 16);
        for (let i = 0; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(du + o, gd * load<f64>(dendrite + o) + gs * load<f64>(teacher + o) - g * load<f64>(u + o));
        }
        pc += 7;
        break;
      }
      case OP_SOMA_OUTPUT: {
        // u, basal, target, du, n, constants (g_B, g_som, g nudged, g free)
        const u = addr(program, pc + 1);
        const basal = addr(program, pc + 2);
        const target = addr(program, pc + 3);
        const du = addr(program, pc + 4);
        const n = word(program, pc + 5);
        const k = addr(program, pc + 6);
        const gb = load<f64>(k);
        if (param(p, P_NUDGED) != 0) {
          const gs = load<f64>(k + 8);
          const g = load<f64>(k + 16);
          for (let i = 0; i < n; i++) {
            const o = <usize>i << 3;
            store<f64>(du + o, gb * load<f64>(basal + o) + gs * load<f64>(target + o) - g * load<f64>(u + o));
          }
        } else {
          const g = load<f64>(k + 24);
          for (let i = 0; i < n; i++) {
            const o = <usize>i << 3;
            store<f64>(du + o, gb * load<f64>(basal + o) - g * load<f64>(u + o));
          }
        }
        pc += 7;
        break;
      }
      case OP_RELAX: {
        // drive, y, d, n, address of k: d[i] = k·(drive[i] − y[i])
        const drive = addr(program, pc + 1);
        const y = addr(program, pc + 2);
        const d = addr(program, pc + 3);
        const n = word(program, pc + 4);
        const k = load<f64>(addr(program, pc + 5));
        for (let i = 0; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(d + o, k * (load<f64>(drive + o) - load<f64>(y + o)));
        }
        pc += 6;
        break;
      }
      case OP_INTEGRAL: {
        // y, d, n: d[i] = gate·y[i]
        const y = addr(program, pc + 1);
        const d = addr(program, pc + 2);
        const n = word(program, pc + 3);
        const gate = param(p, P_AVERAGING);
        for (let i = 0; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(d + o, gate * load<f64>(y + o));
        }
        pc += 4;
        break;
      }
      case OP_GROUP_STEP: {
        // y, rate, n, group: y[i] += h_g·rate[i]
        const y = addr(program, pc + 1);
        const rate = addr(program, pc + 2);
        const n = word(program, pc + 3);
        const hg = param(p, P_GROUPS + word(program, pc + 4));
        for (let i = 0; i < n; i++) {
          const o = <usize>i << 3;
          store<f64>(y + o, load<f64>(y + o) + hg * load<f64>(rate + o));
        }
        pc += 5;
        break;
      }
      case OP_NOISE: {
        // y, n, group, scratch (n + 3·(n/2 + 1) doubles): y[i] += A_g·N(0, 1) when A_g ≠ 0
        const y = addr(program, pc + 1);
        const n = word(program, pc + 2);
        const a = param(p, P_GROUPS + groups + word(program, pc + 3));
        if (a != 0) {
          const z = addr(program, pc + 4);
          normals(z, n, z + (<usize>n << 3), k);
          for (let i = 0; i < n; i++) {
            const o = <usize>i << 3;
            store<f64>(y + o, load<f64>(y + o) + a * load<f64>(z + o));
          }
        }
        pc += 5;
        break;
      }
      default:
        unreachable();
    }
  }
  store<f64>(p + (<usize>P_RNG << 3), <f64>s0);
  store<f64>(p + (<usize>(P_RNG + 1) << 3), <f64>s1);
  store<f64>(p + (<usize>(P_RNG + 2) << 3), <f64>s2);
  store<f64>(p + (<usize>(P_RNG + 3) << 3), <f64>s3);
  store<f64>(p + (<usize>(P_RNG + 4) << 3), hasSpare ? 1 : 0);
  store<f64>(p + (<usize>(P_RNG + 5) << 3), spare);
  return ops;
}
