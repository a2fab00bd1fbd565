import { describe, expect, it } from 'vitest';
import { findDuplicateKey, parseJsonStrict } from '../../src/core/parse-json.ts';

describe('findDuplicateKey', () => {
  it('names the path of the first key given twice in one object', () => {
    expect(findDuplicateKey('{"a":1,"b":2,"a":3}')).toBe('a');
    expect(findDuplicateKey('{"p":{"t":1, "u":[1,2], "t" :2}}')).toBe('p.t');
    expect(findDuplicateKey('{"x":[{"k":1},{"k":2,"k":3}]}')).toBe('x[1].k');
    expect(findDuplicateKey('{"odd key":{"a":1,"a":1}}')).toBe('["odd key"].a');
  });

  it('accepts equal keys in different objects, keys that look alike only after escapes differ, and strings that look like keys', () => {
    expect(findDuplicateKey('{"a":{"k":1},"b":{"k":1}}')).toBeNull();
    expect(findDuplicateKey('{"a\\"b":1,"a\\\\b":2}')).toBeNull();
    expect(findDuplicateKey('{"a":"b","c":["a","a"],"d":"\\"a\\":"}')).toBeNull();
    expect(findDuplicateKey('[1,2,[3]]')).toBeNull();
  });

  it('sees through escapes: "\\u0061" and "a" are the same key', () => {
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
  });

  it('scans 100,000 levels of nesting without recursion', () => {
    const deep = `${'{"a":['.repeat(100_000)}${']}'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)).toBeNull();
    expect(findDuplicateKey(`${'['.repeat(100_000)}{"k":1,"k":2}${']'.repeat(100_000)}`)).toBe(`${'[0]'.repeat(100_000)}.k`);
  });
});

describe('parseJsonStrict', () => {
  it('returns what JSON.parse returns, and refuses syntax errors and duplicates as InputErrors naming the source', () => {
    expect(parseJsonStrict('{"a":[1,2]}', 'f.json')).toEqual({ a: [1, 2] });
    expect(() => parseJsonStrict('{"a":', 'f.json')).toThrow(/^f\.json: not valid JSON: /);
    expect(() => parseJsonStrict('{"seed":1,"seed":2}', 'f.json')).toThrow('f.json: the key seed appears twice in one object; give each field once');
  });
});
