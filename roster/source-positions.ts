import { CST, type Document, Lexer, type Node, isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { RosterPath } from './validate';

/**
 * Turning an offset or a path in the roster into the line:col a person edits.
 * Columns count UTF-16 code units, as the yaml package's offsets do.
 */

/** offset -> 1-based line and column; the line index is built on first use, so a valid roster never pays for it. */
export function lineLocator(text: string): (offset: number) => { line: number; col: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  };
}

interface Found {
  /** The node at the path, or undefined when the path leaves the document. */
  readonly node?: unknown;
  /** Where to point: the node, its key, or the nearest ancestor that exists. */
  readonly offset: number;
}

function find(doc: Document, path: RosterPath, atKey: boolean): Found {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg));
      if (!pair) return { offset };
      if (atKey && i === path.length - 1) return { node: pair.key, offset: rangeStart(pair.key) ?? offset };
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return { offset };
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      return { offset };
    }
  }
  return { node, offset };
}

/** Offset of the node at path; falls back to the nearest existing ancestor (an alias counts as its own node). */
export function offsetOf(doc: Document, path: RosterPath, atKey: boolean): number {
  return find(doc, path, atKey).offset;
}

/** The text of the scalar at path exactly as written (`007`, not the 7 YAML read), or undefined. */
export function sourceTextOf(doc: Document, text: string, path: RosterPath): string | undefined {
  const { node } = find(doc, path, false);
  const scalar = isAlias(node) ? node.resolve(doc) : node;
  return isScalar(scalar) && scalar.range ? text.slice(scalar.range[0], scalar.range[1]) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && (node as Node).range ? (node as Node).range![0] : undefined;
}

/** A lexical token of the source and where it starts. */
export interface SourceToken {
  readonly offset: number;
  readonly source: string;
  /** The token is scalar content, so a leading "!", "&" or "%" is text, not a tag, anchor or directive. */
  readonly scalar: boolean;
}

const ZERO_WIDTH = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * The source as the yaml package's lexer splits it, for what the document model
 * does not locate (tags, anchors, directives, opening quotes). Only for problems:
 * a valid roster is never lexed twice.
 */
export function sourceTokens(text: string): SourceToken[] {
  const tokens: SourceToken[] = [];
  let offset = 0;
  let scalar = false;
  for (const source of new Lexer().lex(text)) {
    // The lexer marks a document start, a flow end and the next token being a scalar with zero-width control tokens.
    if (!scalar && ZERO_WIDTH.has(source)) {
      scalar = source === CST.SCALAR;
      continue;
    }
    tokens.push({ offset, source, scalar });
    offset += source.length;
    scalar = false;
  }
  return tokens;
}
