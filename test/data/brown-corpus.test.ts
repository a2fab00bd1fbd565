import { describe, expect, it } from 'vitest';
import { brownDocuments, END_OF_SENTENCE, loadBrownLanguageModel, parseBrownDocument, UNKNOWN_WORD } from '../../src/data/brown-corpus.ts';
import { LanguageModelBatches } from '../../src/data/language-model-batches.ts';
import { checkSequenceBatch } from '../../src/data/sequence-batch.ts';

describe('Brown corpus for language modelling', () => {
  it('parses tagged lines: one sentence per line, tags cut at the last slash, lower-cased', () => {
    const text = '\n\n\tThe/at Fulton/np-tl 1-1/2/cd ,/, said/vbd\n\n\n\tIt/pps ./.\n';
    expect(parseBrownDocument(text)).toEqual([['the', 'fulton', '1-1/2', ',', 'said'], ['it', '.']]);
    expect(() => parseBrownDocument('\tword/nn untagged\n', 'x')).toThrow(/untagged/);
  });

  it('holds NLTK’s counts: 500 documents, 57,340 sentences, 1,161,192 words', () => {
    const docs = brownDocuments();
    expect(docs.length).toBe(500);
    expect([docs[0].id, docs[499].id, docs[0].genre]).toEqual(['ca01', 'cr09', 'a']);
    let sentences = 0;
    let words = 0;
    for (const d of docs) {
      sentences += d.sentences.length;
      for (const s of d.sentences) words += s.length;
    }
    expect([sentences, words]).toEqual([57340, 1161192]);
    expect(docs[0].sentences[0].slice(0, 4)).toEqual(['the', 'fulton', 'county', 'grand']);
  });

  it('splits by document 424 / 38 / 38 and encodes each split with the training vocabulary', () => {
    const data = loadBrownLanguageModel({ seed: 0 });
    const docs = new Map(brownDocuments().map((d) => [d.id, d]));
    const { train, valid, test } = data.documents;
    expect([train.length, valid.length, test.length]).toEqual([424, 38, 38]);
    expect(new Set([...train, ...valid, ...test]).size).toBe(500);
    expect([...train].sort()).toEqual(train); // corpus order within a split

    // Vocabulary: the 10,000 most frequent training words by an independent count, then <unk>, <eos>.
    const counts = new Map<string, number>();
    let trainWords = 0;
    for (const id of train) {
      for (const s of docs.get(id)!.sentences) {
        for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
        trainWords += s.length;
      }
    }
    expect(data.vocabulary.length).toBe(10002);
    expect(data.vocabulary.slice(10000)).toEqual([UNKNOWN_WORD, END_OF_SENTENCE]);
    expect([data.unknownId, data.endOfSentenceId]).toEqual([10000, 10001]);
    const kept = data.vocabulary.slice(0, 10000);
    expect(new Set(kept).size).toBe(10000);
    const keptCounts = kept.map((w) => counts.get(w)!);
    for (let i = 1; i < keptCounts.length; i++) expect(keptCounts[i]).toBeLessThanOrEqual(keptCounts[i - 1]);
    const sortedCounts = [...counts.values()].sort((a, b) => b - a);
    expect(keptCounts[9999]).toBe(sortedCounts[9999]);
    expect(kept.slice(0, 3)).toEqual(['the', ',', '.']);
    const inVocabulary = keptCounts.reduce((a, b) => a + b, 0);
    expect(data.stats.train.unknown).toBe(trainWords - inVocabulary);
    expect(data.stats.train.oovRate).toBeCloseTo((trainWords - inVocabulary) / trainWords, 15);

    // Decoding the test stream gives the test documents' words, unknown ones as <unk>, <eos> after each sentence.
    const known = new Set(kept);
    const expected: string[] = [];
    for (const id of test) for (const s of docs.get(id)!.sentences) expected.push(...s.map((w) => (known.has(w) ? w : UNKNOWN_WORD)), END_OF_SENTENCE);
    expect(Array.from(data.test, (i) => data.vocabulary[i])).toEqual(expected);
    expect(data.stats.test.tokens).toBe(expected.length);
    const total = data.stats.train.tokens + data.stats.valid.tokens + data.stats.test.tokens;
    expect(total).toBe(1161192 + 57340);

    // Batched as in the issue (20 rows, 35-step windows): the first and the last, shorter window.
    const batches = new LanguageModelBatches(data.train, data.vocabulary.length, { batchSize: 20 });
    expect(batches.rowLength).toBe(Math.floor(data.stats.train.tokens / 20));
    const last = batches.batch(batches.batchCount - 1);
    checkSequenceBatch(batches.batch(0));
    checkSequenceBatch(last);
    expect(last.steps).toBe(batches.rowLength - 1 - 35 * (batches.batchCount - 1));
    expect(last.steps).toBeGreaterThan(0);
    expect(last.steps).toBeLessThanOrEqual(35);
  });

  it('is reproducible from the seed, and another seed gives another split', () => {
    const a = loadBrownLanguageModel({ seed: 5 });
    const b = loadBrownLanguageModel({ seed: 5 });
    const c = loadBrownLanguageModel({ seed: 6 });
    expect(b.documents).toEqual(a.documents);
    expect(Buffer.compare(Buffer.from(a.valid.buffer), Buffer.from(b.valid.buffer))).toBe(0);
    expect(c.documents.test).not.toEqual(a.documents.test);
    expect(loadBrownLanguageModel({ seed: 5, vocabularySize: 100 }).vocabulary.length).toBe(102);
  });
});
