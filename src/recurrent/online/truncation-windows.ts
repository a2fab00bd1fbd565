/**
 * Whether step t (0-based) of a sequence of `steps` steps is the last step of its truncation
 * window of length n. Windows are laid out from the sequence's end: the last one covers
 * steps T − n … T − 1, and the first one holds the remaining T mod n steps (n when n divides T),
 * as the authors' `_training_loop_truncs` cuts a sequence (neuralml/bp_lambda,
 * src/training/engine.py). A loss at the last step thus always has a full window behind it.
 * n = Infinity (or n ≥ T) gives one window, the whole sequence.
 */
export function endsWindow(t: number, steps: number, truncation: number): boolean {
  return t === steps - 1 || (truncation !== Infinity && (steps - 1 - t) % truncation === 0);
}
