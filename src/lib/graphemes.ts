// The one grapheme segmenter of the process, made on first use.

let segmenter: Intl.Segmenter | undefined;

/**
 * Splits text into user-perceived characters. Made lazily: building it loads ICU's break rules (about 2.5 MiB of
 * resident memory, docs/benchmarks.md, issue 16) and most processes never cut a reply; one instance is then
 * shared, since making one costs more than segmenting a reply.
 */
export function segmentGraphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}
