/**
 * Global-norm gradient clipping (Pascanu et al. 2013; TensorFlow's clip_by_global_norm): when the
 * Euclidean norm ‖g‖ of the whole gradient vector exceeds `maxNorm`, scales g by maxNorm/‖g‖ in
 * place. Returns the norm before clipping.
 */
export function clipGlobalNorm(gradients: Float64Array, maxNorm: number): number {
  if (!(maxNorm > 0)) throw new RangeError(`maxNorm must be positive, got ${maxNorm}`);
  let sum = 0;
  for (let i = 0; i < gradients.length; i++) sum += gradients[i] * gradients[i];
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (let i = 0; i < gradients.length; i++) gradients[i] *= scale;
  }
  return norm;
}
