// Splits a multi-document YAML stream at its `---` markers, remembering where each document starts.

export interface YamlChunk {
  /** 1-based line of the chunk's first line in the file. */
  readonly startLine: number;
  readonly text: string;
}

/**
 * Splitting before parsing (instead of js-yaml's loadAll) keeps line numbers per document and lets one broken
 * document be reported without hiding the others. A `---` at column 0 cannot occur inside a block scalar,
 * whose content is indented, so the split is safe for the manifests this tool reads.
 */
export function splitYamlDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let current: string[] = [];
  let startLine = 1;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const marker = /^---(?=\s|$)(.*)$/.exec(line);
    const end = /^\.\.\.\s*$/.test(line);
    if (marker || end) {
      chunks.push({ startLine, text: current.join('\n') });
      // Content after `---` on the same line (`--- {a: 1}`) belongs to the new document.
      current = marker?.[1] !== undefined ? [marker[1]] : [];
      startLine = i + 1;
      if (end) {
        current = [];
        startLine = i + 2;
      }
      return;
    }
    current.push(line);
  });
  chunks.push({ startLine, text: current.join('\n') });
  return chunks;
}

/** The line of the first content (not blank, not a comment) in a chunk, or undefined for an empty one. */
export function firstContentLine(chunk: YamlChunk): number | undefined {
  const offset = chunk.text.split('\n').findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return offset < 0 ? undefined : chunk.startLine + offset;
}
