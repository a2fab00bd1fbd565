// The float32 storage's kernels (assembly/float32-kernels.ts) built a second time over a shared
// memory (`npm run build:kernels`: --sharedMemory --enable threads), so that two threads run them
// on one circuit (src/kernels/threaded-float32-ops.ts), and each kernel over a range of rows
// [r0, r1) of its matrix: the unit the threads share out (src/kernels/row-sharing.ts). A range
// runs the kernel itself on those rows, so every row gets exactly the one-thread arithmetic,
// whichever thread computes it.
import { filteredUpdate, matVec, updateMatVec } from './float32-kernels';

export { matVec, filteredUpdate, updateMatVec } from './float32-kernels';

// @ts-ignore: decorator
@inline
function rowBytes(r: i32, cols: i32): usize {
  return <usize>(r * cols) << 2;
}

export function matVecRows(r0: i32, r1: i32, w: usize, cols: i32, x: usize, out: usize): void {
  matVec(w + rowBytes(r0, cols), r1 - r0, cols, x, out + (<usize>r0 << 2));
}

export function filteredUpdateRows(r0: i32, r1: i32, trace: usize, weight: usize, cols: i32, e: usize, p: usize, coef: usize): void {
  filteredUpdate(trace + rowBytes(r0, cols), weight + rowBytes(r0, cols), r1 - r0, cols, e + (<usize>r0 << 2), p, coef);
}

export function updateMatVecRows(r0: i32, r1: i32, trace: usize, weight: usize, cols: i32, e: usize, p: usize, coef: usize, x: usize, out: usize): void {
  updateMatVec(trace + rowBytes(r0, cols), weight + rowBytes(r0, cols), r1 - r0, cols, e + (<usize>r0 << 2), p, coef, x, out + (<usize>r0 << 2));
}
