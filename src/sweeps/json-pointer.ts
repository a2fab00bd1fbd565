import { InputError } from '../core/input-error.ts';

/**
 * JSON Pointers (RFC 6901): `/neuron/noise`, `/plasticity/eta/up/0`; `~1` spells `/` and `~0`
 * spells `~` inside a token. `field` names the sweep-file field the pointer came from, so errors say
 * both where the pointer is written and which of its tokens does not resolve.
 */
export function parsePointer(pointer: string, field: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new InputError(field, `expected a JSON pointer starting with "/", got ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** An array index token: `0`, `12`, no sign or leading zero (RFC 6901 §4). */
function arrayIndex(token: string): number | null {
  return /^(0|[1-9]\d*)$/.test(token) ? Number(token) : null;
}

/** The value a pointer addresses in `doc`; an InputError naming `field` when it addresses nothing. */
export function getPointer(doc: unknown, pointer: string, field: string): unknown {
  let node = doc;
  const tokens = parsePointer(pointer, field);
  tokens.forEach((token, i) => {
    const at = `/${tokens.slice(0, i).join('/')}`;
    if (Array.isArray(node)) {
      const k = arrayIndex(token);
      if (k === null || k >= node.length) throw new InputError(field, `${pointer} addresses nothing: ${at} has ${node.length} entries, no entry ${JSON.stringify(token)}`);
      node = node[k];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      throw new InputError(field, `${pointer} addresses nothing: no field ${JSON.stringify(token)} under ${at}`);
    }
  });
  return node;
}

/**
 * A copy of `doc` with the value at `pointer` replaced by `value` (the rest shared, not copied).
 * The pointer's parent must exist; its last token may name a new field of an object (an absent
 * optional setting such as `/neuron/noise` when the base leaves it to its default) or an existing
 * entry of an array, or `-`/the length to append.
 */
export function setPointer(doc: unknown, pointer: string, value: unknown, field: string): unknown {
  const tokens = parsePointer(pointer, field);
  const set = (node: unknown, i: number): unknown => {
    if (i === tokens.length) return value;
    const token = tokens[i];
    const at = `/${tokens.slice(0, i).join('/')}`;
    const last = i === tokens.length - 1;
    if (Array.isArray(node)) {
      const k = token === '-' && last ? node.length : arrayIndex(token);
      if (k === null || k > node.length || (k === node.length && !last)) {
        throw new InputError(field, `${pointer} addresses nothing: ${at} has ${node.length} entries, no entry ${JSON.stringify(token)}`);
      }
      const copy = node.slice();
      copy[k] = set(node[k], i + 1);
      return copy;
    }
    if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (!last && !Object.hasOwn(obj, token)) throw new InputError(field, `${pointer} addresses nothing: no field ${JSON.stringify(token)} under ${at}`);
      return { ...obj, [token]: set(obj[token], i + 1) };
    }
    throw new InputError(field, `${pointer} addresses nothing: ${at} is ${node === undefined ? 'absent' : JSON.stringify(node)}, not an object or array`);
  };
  return set(doc, 0);
}
