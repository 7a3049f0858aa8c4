/**
 * A single line that the yaml package (2.9) writes as a plain scalar. It starts with a letter or a slash,
 * so it cannot read as a number. It contains no `: `, ` #`, tab or line break, and does not end with a
 * space. Of these lines, only the words that read as null or a boolean get double quotes.
 */
const PLAIN_LINE = /^[A-Za-z/](?:[ \w!"$%&'()*+,./;<=>?@[\\\]^`{|}~-]*[\w!"$%&'()*+,./;<=>?@[\\\]^`{|}~-])?$/;
const RESERVED_WORD = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** Characters for which the yaml package (2.9) writes a string double-quoted, as it tests for them. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds.
const NEEDS_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** Keys written as they are: lower-case words that do not read as null or a boolean. */
const PLAIN_KEY = /^[a-z][a-z_]*$/;

/**
 * Writes a map of simple values byte for byte as the yaml package (2.9) writes it with
 * `new Document(map).toString({ lineWidth: 0, minContentWidth: 0 })`, but without building a Document.
 * The values it takes are null, safe integers, one-line strings that the package writes plain or as a
 * quoted `true` or `null`, and non-empty lists of such strings. It also takes text with line feeds that the package writes as a literal
 * block without an indentation indicator (see renderLiteralBlock). For any other map it returns null,
 * and the caller uses the package.
 */
export function renderFlatMap(map: Readonly<Record<string, unknown>>): string | null {
  let text = '';
  for (const key in map) {
    if (!PLAIN_KEY.test(key) || RESERVED_WORD.test(key)) {
      return null;
    }
    const entry = map[key];
    if (Array.isArray(entry)) {
      const items = renderLineSequence(entry);
      if (items === null) {
        return null;
      }
      text += `${key}:\n${items}`;
      continue;
    }
    const value = renderScalar(entry);
    if (value === null) {
      return null;
    }
    text += `${key}: ${value}\n`;
  }
  return text === '' ? null : text;
}

/**
 * Writes a non-empty list of one-line strings, such as the argument vector of a command, as the block
 * sequence that the yaml package writes for a value of a top-level map. Returns null for any other list.
 */
function renderLineSequence(items: readonly unknown[]): string | null {
  let text = '';
  for (const item of items) {
    if (typeof item !== 'string' || !PLAIN_LINE.test(item)) {
      return null;
    }
    text += `  - ${RESERVED_WORD.test(item) ? `"${item}"` : item}\n`;
  }
  return text === '' ? null : text;
}

function renderScalar(value: unknown): string | null {
  if (value === null) {
    return 'null';
  }
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : null;
  }
  if (typeof value !== 'string') {
    return null;
  }
  if (!value.includes('\n')) {
    if (!PLAIN_LINE.test(value)) {
      return null;
    }
    return RESERVED_WORD.test(value) ? `"${value}"` : value;
  }
  return renderLiteralBlock(value);
}

/**
 * Writes text that contains a line feed as a literal block indented by two spaces, as the yaml package
 * does for a value of a top-level map: a run of line feeds is followed by the indentation, so empty lines
 * stay empty. The header has no chomping indicator when the text ends in one line feed, and `-` when it
 * ends in none. Returns null for text that needs an indentation indicator or keeps final blanks.
 */
function renderLiteralBlock(text: string): string | null {
  const first = text[0];
  if (first === ' ' || first === '\n' || NEEDS_DOUBLE_QUOTES.test(text)) {
    return null;
  }
  let body = text;
  let chomping = '-';
  if (text.endsWith('\n')) {
    body = text.slice(0, -1);
    chomping = '';
  }
  const last = body[body.length - 1];
  if (last === undefined || last === '\n' || last === ' ' || last === '\t') {
    return null;
  }
  return `|${chomping}\n  ${body.replace(/\n+/g, '$&  ')}`;
}
