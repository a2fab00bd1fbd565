/**
 * A minimal well-formedness check of an SVG document: one `<svg>` root and every element closed
 * in order. Enough to catch truncated or garbled output without an XML parser dependency.
 */
export function checkSvg(svg: string): void {
  if (!svg.startsWith('<svg')) throw new Error(`SVG does not start with <svg: ${svg.slice(0, 40)}`);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  let end = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const text = svg.slice(end, m.index);
    if (text.includes('<') || text.includes('>')) throw new Error(`malformed markup near ${m.index}: ${text.slice(0, 40)}`);
    end = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${m.index}`);
    } else if (!selfClosing) {
      stack.push(name);
    }
    if (stack.length === 0 && end < svg.length) throw new Error(`content after the root element at ${end}`);
  }
  if (stack.length > 0 || end !== svg.length) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
}

/** How many mark groups of the named layer the SVG holds: vega draws one per series line or area. */
export function countMarkGroups(svg: string, mark: string, layer: string): number {
  return svg.split(`class="mark-${mark} role-mark ${layer}_marks"`).length - 1;
}
