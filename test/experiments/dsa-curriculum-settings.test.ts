import { describe, expect, it } from 'vitest';
import { dsaCurriculumSettings, parseCurriculumVariant, trainingSettings } from '../../src/experiments/dsa-curriculum-settings.ts';

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
});
