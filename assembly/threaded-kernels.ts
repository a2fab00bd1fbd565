// The microcircuit's kernels (assembly/kernels.ts) built a second time over a shared memory
// (`npm run build:kernels`: --sharedMemory --enable threads), so that two threads run them on one
// circuit (src/kernels/threaded-kernels.ts), and each kernel over a range of rows [r0, r1) of its
// matrix: the unit the threads share out. A range runs the kernel itself on those rows, so every
// row gets exactly the one-thread arithmetic, whichever thread computes it.
import { filteredUpdate, matVec, matVecAdd, matVecPair, windowFlush } from './kernels';

export { matVec, matVecAdd, filteredUpdate, matVecPair, windowFlush } from './kernels';

// @ts-ignore: decorator
@inline
function rowBytes(r: i32, cols: i32): usize {
  return <usize>(r * cols) << 3;
}

export function matVecRows(r0: i32, r1: i32, w: usize, cols: i32, x: usize, out: usize): void {
  matVec(w + rowBytes(r0, cols), r1 - r0, cols, x, out + (<usize>r0 << 3));
}

export function matVecAddRows(r0: i32, r1: i32, w: usize, cols: i32, x: usize, out: usize): void {
  matVecAdd(w + rowBytes(r0, cols), r1 - r0, cols, x, out + (<usize>r0 << 3));
}

export function filteredUpdateRows(r0: i32, r1: i32, trace: usize, weight: usize, cols: i32, post: usize, pre: usize, coef: usize): void {
  filteredUpdate(trace + rowBytes(r0, cols), weight + rowBytes(r0, cols), r1 - r0, cols, post + (<usize>r0 << 3), pre, coef);
}

export function matVecPairRows(r0: i32, r1: i32, w: usize, d: usize, cols: i32, x: usize, outW: usize, outD: usize): void {
  matVecPair(w + rowBytes(r0, cols), d + rowBytes(r0, cols), r1 - r0, cols, x, outW + (<usize>r0 << 3), outD + (<usize>r0 << 3));
}

// windowFlush's errors are laid out for all `rows` rows (e_l[i] at errs + (l·rows + i)·8): row by
// row, its errors e_0[i]…e_{count−1}[i] are gathered into `column` (count doubles, the thread's
// own, like `scratch`: 2·count doubles) and windowFlush runs on that one row.
export function windowFlushRows(
  r0: i32,
  r1: i32,
  trace: usize,
  weight: usize,
  rows: i32,
  cols: i32,
  errs: usize,
  pres: usize,
  count: i32,
  coef: usize,
  scratch: usize,
  column: usize,
): void {
  for (let i = r0; i < r1; i++) {
    for (let l = 0; l < count; l++) store<f64>(column + (<usize>l << 3), load<f64>(errs + (<usize>(l * rows + i) << 3)));
    windowFlush(trace + rowBytes(i, cols), weight + rowBytes(i, cols), 1, cols, column, pres, count, coef, scratch);
  }
}
