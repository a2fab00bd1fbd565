import { describe, expect, it } from 'vitest';
import { dsaCurriculumConfigurations, dsaCurriculumSettings, parseCurriculumVariant, trainingSettings } from '../../src/experiments/dsa-curriculum-settings.ts';
import { curriculumNetwork } from '../../src/experiments/dsa-curriculum-training.ts';

describe('dsa-curriculum variants', () => {
  it('reads <training>[+<measurement>]: the measurement changes what is measured, not what is trained', () => {
    expect(parseCurriculumVariant('masked')).toEqual({ training: 'masked', measurement: 'time' });
    expect(parseCurriculumVariant('masked-per-group+authors-pca')).toEqual({ training: 'masked-per-group', measurement: 'authors-pca' });
    for (const bad of ['masked+', 'nope', 'masked+authors+time', 'masked+nope']) expect(parseCurriculumVariant(bad), bad).toBeUndefined();
    const ours = dsaCurriculumSettings(false, 'masked');
    const authors = dsaCurriculumSettings(false, 'masked+authors');
    expect(trainingSettings(authors)).toEqual(trainingSettings(ours));
    expect(ours.measurement).toEqual({ name: 'time', window: 'stimulus', dsaAxes: 'time', projection: 'common-pca' });
    expect(authors.measurement).toEqual({ name: 'authors', window: 'authors', dsaAxes: 'authors', projection: 'none' });
    expect([ours.measureTrials, authors.measureTrials]).toEqual([32, 200]);
    expect(() => dsaCurriculumSettings(false, 'masked+nope')).toThrow(/--variant.*measurement one of time, authors, authors-pca/);
  });

  it('grid features: softplus, the authors’ GRU (two gate blocks, 2H(7 + H + 1) recurrent parameters), all six Partial sets, and a two-configuration grid', () => {
    const masked = dsaCurriculumSettings(false, 'masked');
    expect(dsaCurriculumSettings(false, 'masked-softplus')).toEqual({ ...masked, activation: 'softplus' });
    const gru = dsaCurriculumSettings(false, 'masked-gru');
    expect(gru).toEqual({ ...masked, cell: 'rate-gru' });
    const net = curriculumNetwork({ cell: gru.cell, hidden: 32, activation: gru.activation, seed: 1 });
    expect(net.parameters.length).toBe(2 * 32 * (7 + 32 + 1) + 3 * 32 + 3);
    const partials = dsaCurriculumSettings(false, 'masked-partials');
    expect(partials.partial).toEqual(['A', 'B', 'C', 'AB', 'AC', 'BC']);
    // the Partial list says which jobs run, not how they train: a masked run's jobs can be reused
    expect(trainingSettings(partials)).toEqual(trainingSettings(masked));
    expect(trainingSettings(gru)).not.toEqual(trainingSettings(masked));
    const grid = dsaCurriculumConfigurations(false, 'grid+authors');
    expect(grid.map((c) => [c.label, c.activation, c.hidden, c.measurement.name])).toEqual([
      ['rnn-relu-32', 'relu', 32, 'authors'],
      ['rnn-softplus-32', 'softplus', 32, 'authors'],
    ]);
    expect(() => dsaCurriculumSettings(false, 'grid')).toThrow(/2 configurations/);
  });
});
