import { describe, expect, it } from 'vitest';
import { segments } from './highlight';

describe('segments', () => {
  it('cuts the text at the given positions without searching it', () => {
    const text = 'He said yes. He said yes.';
    // the second "He said yes" is the statement: a string search would find the first one
    const result = segments(text, [{ id: 's1', start: 13, end: 24 }]);
    expect(result.map((s) => [s.text, s.ids])).toEqual([
      ['He said yes. ', []],
      ['He said yes', ['s1']],
      ['.', []],
    ]);
  });

  it('renders two statements with the same range as one piece naming both', () => {
    const result = segments('abcdef', [
      { id: 'a', start: 1, end: 4 },
      { id: 'b', start: 1, end: 4 },
    ]);
    expect(result.filter((s) => s.ids.length > 0)).toEqual([{ start: 1, end: 4, text: 'bcd', ids: ['a', 'b'] }]);
  });

  it('splits partly overlapping statements into pieces for each combination', () => {
    const result = segments('abcdefgh', [
      { id: 'a', start: 0, end: 5 },
      { id: 'b', start: 3, end: 8 },
    ]);
    expect(result.map((s) => [s.text, s.ids])).toEqual([
      ['abc', ['a']],
      ['de', ['a', 'b']],
      ['fgh', ['b']],
    ]);
  });

  it('keeps adjacent statements apart', () => {
    const result = segments('abcd', [
      { id: 'a', start: 0, end: 2 },
      { id: 'b', start: 2, end: 4 },
    ]);
    expect(result.map((s) => s.ids)).toEqual([['a'], ['b']]);
  });

  it('counts UTF-16 code units like the API, also for Urdu and astral characters', () => {
    const text = 'ٹام برٹ نے کہا 😀 ہاں';
    const start = text.indexOf('😀');
    const result = segments(text, [{ id: 'x', start, end: start + 2 }]);
    expect(result.find((s) => s.ids.length > 0)?.text).toBe('😀');
  });

  it('ignores empty ranges and clamps ranges beyond the text', () => {
    const result = segments('abc', [
      { id: 'empty', start: 1, end: 1 },
      { id: 'long', start: 2, end: 99 },
    ]);
    expect(result.map((s) => [s.text, s.ids])).toEqual([
      ['ab', []],
      ['c', ['long']],
    ]);
  });

  it('returns the whole text as one plain piece when there are no statements', () => {
    expect(segments('abc', [])).toEqual([{ start: 0, end: 3, text: 'abc', ids: [] }]);
  });
});
