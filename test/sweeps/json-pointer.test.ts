import { describe, expect, it } from 'vitest';
import { getPointer, parsePointer, setPointer } from '../../src/sweeps/json-pointer.ts';
import { messageThrownBy } from '../helpers/thrown.ts';

const errorOf = messageThrownBy;

describe('JSON pointers (RFC 6901)', () => {
  const doc = { neuron: { noise: 0.1 }, plasticity: { eta: { up: [0.01, 0.02] } }, 'a/b': { 'm~n': 7 } };

  it('splits and unescapes tokens (~1 is /, ~0 is ~)', () => {
    expect(parsePointer('', 'f')).toEqual([]);
    expect(parsePointer('/a~1b/m~0n', 'f')).toEqual(['a/b', 'm~n']);
    expect(getPointer(doc, '/a~1b/m~0n', 'f')).toBe(7);
  });

  it('reads object fields and array entries', () => {
    expect(getPointer(doc, '/neuron/noise', 'f')).toBe(0.1);
    expect(getPointer(doc, '/plasticity/eta/up/1', 'f')).toBe(0.02);
    expect(getPointer(doc, '', 'f')).toBe(doc);
  });

  it('sets a value in a copy, leaving the original as it was', () => {
    const out = setPointer(doc, '/plasticity/eta/up/0', 0.5, 'f') as typeof doc;
    expect(out.plasticity.eta.up).toEqual([0.5, 0.02]);
    expect(doc.plasticity.eta.up).toEqual([0.01, 0.02]);
    expect(out.neuron).toBe(doc.neuron);
    expect((setPointer(doc, '/neuron/gl', 0.2, 'f') as typeof doc).neuron).toEqual({ noise: 0.1, gl: 0.2 });
  });

  it('errors name the field and the token that addresses nothing', () => {
    expect(errorOf(() => getPointer(doc, '/neuron/nosie', 'axes./neuron/nosie'))).toBe('axes./neuron/nosie: /neuron/nosie addresses nothing: no field "nosie" under /neuron');
    expect(errorOf(() => getPointer(doc, '/plasticity/eta/up/2', 'metrics.x'))).toBe('metrics.x: /plasticity/eta/up/2 addresses nothing: /plasticity/eta/up has 2 entries, no entry "2"');
    expect(errorOf(() => setPointer(doc, '/plasticity/eta/down/0', 1, 'axes.z'))).toBe('axes.z: /plasticity/eta/down/0 addresses nothing: no field "down" under /plasticity/eta');
    expect(errorOf(() => setPointer(doc, '/neuron/noise/x', 1, 'axes.q'))).toBe('axes.q: /neuron/noise/x addresses nothing: /neuron/noise is 0.1, not an object or array');
    expect(errorOf(() => parsePointer('neuron', 'axes.neuron'))).toBe('axes.neuron: expected a JSON pointer starting with "/", got "neuron"');
  });
});
