/**
 * The README and docs/ point only at things a fresh clone has: every relative link resolves to a
 * file (and its #anchor to a heading there), every source path they name exists, and nothing
 * points outside the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const DOCUMENTS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

describe('links in the README and docs/', () => {
  it('finds the documents', () => {
    expect(DOCUMENTS).toEqual(expect.arrayContaining(['README.md', 'docs/experiment-format.md', 'docs/model.md', 'docs/references.md']));
  });

  it.each(DOCUMENTS)('%s: relative links resolve to files and headings inside the repository', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
    const broken: string[] = [];
    for (const link of links) {
      const [file, anchor] = link.split('#');
      const target = file === '' ? join(ROOT, doc) : normalize(join(ROOT, dirname(doc), file));
      if (relative(ROOT, target).startsWith('..') || !existsSync(target)) {
        broken.push(link);
        continue;
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(link);
    }
    expect(broken).toEqual([]);
    expect(text).not.toMatch(/\.\.\/shared|EXPERIMENT_FORMAT\.md|ANCHORS\.md|MODEL\.md/);
  });

  it.each(DOCUMENTS)('%s: every repository path it names exists', (doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    const paths = [...text.matchAll(/`((?:src|test|examples|assembly|bench|python|docs)\/[\w./-]+\.(?:ts|mjs|py|json|md|svg))`/g)].map((m) => m[1]);
    const missing = paths.filter((p) => !existsSync(join(ROOT, p)));
    expect(missing).toEqual([]);
  });
});
