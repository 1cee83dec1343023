import { type CST, type Document, type Node, isAlias, isCollection, isMap, isNode, isPair, isScalar } from 'yaml';
import { type SourceToken, sourceTokens } from './source-positions';
import { type OffsetProblem, firstLine } from './yaml-errors';

/**
 * The YAML a roster may use, beyond what the grammar allows. The roster is read as
 * YAML 1.2 with the core schema, and a reviewer must be able to tell from the text
 * alone what each entry grants, so features that make one entry mean more than it
 * says are refused with a message rather than interpreted.
 */

/** Deeper than this is a typo or an attack: a roster is five levels deep (document, people, a person, roles, a role). */
export const MAX_DEPTH = 32;
/** How many values aliases may repeat in total: generous for sharing a team's roles, far short of a "billion laughs" file. */
export const MAX_ALIAS_EXPANSION = 10_000;

/** A lone carriage return is a line break in YAML 1.2 but not to the yaml package or to every diff viewer. */
export function lineEndingProblem(text: string): OffsetProblem | undefined {
  const offset = text.search(/\r(?!\n)/);
  if (offset === -1) return undefined;
  return { offset, message: 'yaml: a line ends in a lone carriage return (classic Mac line endings); save the file with LF or CRLF line endings' };
}

const TOO_DEEP = `yaml: nested more than ${MAX_DEPTH} levels deep here; a roster is at most five levels deep, so a bracket or an indent is likely wrong`;

/** The first token nested deeper than MAX_DEPTH, from the parser's tokens, before anything recurses over them. */
export function nestingProblem(tokens: readonly CST.Token[]): OffsetProblem | undefined {
  const stack: [CST.Token, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return { offset: token.offset, message: TOO_DEEP };
    if (token.type === 'document' && token.value) stack.push([token.value, depth + 1]);
    if ('items' in token) {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if ('value' in item && item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Every use of YAML the roster refuses, in the parsed document `doc` of `text`. */
export function yamlRuleProblems(doc: Document, text: string): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const needTokens = { directives: /^%/m.test(text), tags: doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED'), anchors: false };
  const anchors = new Map<string, Node>();
  const aliases: AliasUse[] = [];

  // Depth-first in document order, without recursion.
  const stack: [unknown, number][] = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isNode(node)) continue;
    if (node.tag !== undefined) needTokens.tags = true;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) aliases.push({ alias: node, target, depth });
      else problems.push({ offset: node.range?.[0] ?? 0, message: `yaml: alias "*${node.source}" has no anchor "&${node.source}" above it; define the anchor before using it` });
      continue;
    }
    if (node.anchor !== undefined) {
      if (anchors.has(node.anchor)) needTokens.anchors = true;
      anchors.set(node.anchor, node);
    }
    if (!isCollection(node)) continue;
    const children: unknown[] = [];
    for (const item of node.items) {
      if (isPair(item)) {
        problems.push(...keyProblems(item.key));
        children.push(item.key, item.value);
      } else {
        children.push(item);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], depth + 1]);
  }

  if (needTokens.directives || needTokens.tags || needTokens.anchors) problems.push(...tokenProblems(sourceTokens(text), needTokens));
  problems.push(...otherWarnings(doc));
  // Expansions are only measured once every alias resolves.
  if (problems.length === 0) problems.push(...aliasExpansionProblems(aliases));
  return problems;
}

function keyProblems(key: unknown): OffsetProblem[] {
  const offset = isNode(key) ? (key.range?.[0] ?? 0) : 0;
  if (isScalar(key) && key.value === '<<') {
    return [{ offset, message: 'yaml: merge keys ("<<") are not used in the roster; write the fields out, so each entry shows everything it grants' }];
  }
  if (isCollection(key) || isAlias(key)) {
    return [{ offset, message: `yaml: a key must be a plain name, not ${isAlias(key) ? 'an alias' : isMap(key) ? 'a mapping' : 'a list'}` }];
  }
  return [];
}

/** Tags, anchors and directives are not nodes with positions of their own: point at their tokens. */
function tokenProblems(tokens: readonly SourceToken[], need: { directives: boolean; tags: boolean; anchors: boolean }): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  const anchors = new Set<string>();
  for (const { offset, source, scalar } of tokens) {
    if (scalar) continue;
    if (need.directives && source.startsWith('%')) {
      const message = directiveProblem(source);
      if (message) problems.push({ offset, message });
    } else if (need.tags && source.startsWith('!')) {
      // Core tags too: "!!str 007" is "007" quoted, "!!int" and "!!bool" turn text into numbers and booleans out of
      // a reviewer's sight, "!!binary" is not text at all, and one rule ("no tags") is easier to review than a list.
      problems.push({ offset, message: `yaml: tag "${source}" is not used in the roster; remove it, and quote the value if it must stay text` });
    } else if (need.anchors && source.startsWith('&')) {
      const name = source.slice(1);
      if (anchors.has(name)) {
        problems.push({ offset, message: `yaml: anchor "${source}" is already defined above; give each anchor its own name, since an alias takes the nearest one above it` });
      }
      anchors.add(name);
    }
  }
  return problems;
}

function directiveProblem(line: string): string | undefined {
  const [name, version] = line.replace(/\s#.*$/, '').trim().split(/\s+/);
  if (name === '%YAML' && version === '1.2') return undefined;
  if (name === '%YAML') {
    return `yaml: "${line.trim()}" is refused; the roster is read as YAML 1.2, where yes/on are text and "<<" is a plain key, and an older version would read the same file differently, so remove this line`;
  }
  if (name === '%TAG') return `yaml: "${line.trim()}" defines a tag, and the roster uses no tags; remove this line`;
  return `yaml: unknown directive "${line.trim()}"; remove this line`;
}

/** Warnings the rules above do not already explain, so nothing the yaml package doubts passes silently. */
function otherWarnings(doc: Document): OffsetProblem[] {
  return doc.warnings
    .filter((w) => w.code !== 'TAG_RESOLVE_FAILED' && w.code !== 'BAD_DIRECTIVE')
    .map((w) => ({ offset: w.pos[0], message: `yaml: ${firstLine(w.message)}` }));
}

interface AliasUse {
  readonly alias: Node & { source: string };
  readonly target: Node;
  /** How deep the alias sits, counting the root collection as 1. */
  readonly depth: number;
}

interface Expansion {
  readonly size: number;
  readonly depth: number;
  /** The node holds an alias to itself or to a collection around it. */
  readonly cycle?: boolean;
}
const UNBOUNDED: Expansion = { size: Infinity, depth: Infinity };

/**
 * Values each alias repeats, counted through nested aliases, and how deep they nest where
 * the alias sits: toJS and the checks after it walk the expanded data, so both are bounded.
 */
function aliasExpansionProblems(aliases: readonly AliasUse[]): OffsetProblem[] {
  const targets = new Map(aliases.map(({ alias, target }) => [alias as Node, target]));
  const measured = new Map<Node, Expansion>();
  const measure = (node: unknown, inside: ReadonlySet<Node>): Expansion => {
    if (!isNode(node)) return { size: 0, depth: 0 };
    const target = targets.get(node);
    if (target) return inside.has(target) ? { ...UNBOUNDED, cycle: true } : measure(target, inside);
    const known = measured.get(node);
    if (known) return known;
    if (!isCollection(node)) return { size: 1, depth: 1 };
    // Stops before recursing past the depth that will be refused anyway.
    if (inside.size >= MAX_DEPTH) return UNBOUNDED;
    const within = new Set(inside).add(node);
    let expansion: Expansion = { size: 1, depth: 1 };
    for (const item of node.items) {
      for (const child of isPair(item) ? [item.key, item.value] : [item]) {
        const m = measure(child, within);
        expansion = { size: expansion.size + m.size, depth: Math.max(expansion.depth, m.depth + 1), cycle: expansion.cycle || m.cycle };
      }
    }
    measured.set(node, expansion);
    return expansion;
  };
  let total = 0;
  for (const { alias, target, depth } of aliases) {
    const offset = alias.range?.[0] ?? 0;
    const m = measure(target, new Set());
    if (m.cycle) return [{ offset, message: `yaml: alias "*${alias.source}" sits inside its own anchor, so it would repeat itself forever; write the value out` }];
    if (depth + m.depth - 1 > MAX_DEPTH) return [{ offset, message: TOO_DEEP }];
    total += m.size;
    if (total > MAX_ALIAS_EXPANSION) {
      return [
        {
          offset,
          message: `yaml: alias "*${alias.source}" takes the values aliases repeat past ${MAX_ALIAS_EXPANSION} (a guard against files that expand without end); write repeated entries out or share less through aliases`,
        },
      ];
    }
  }
  return [];
}
