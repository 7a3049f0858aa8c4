/**
 * A single line that the yaml package (2.9) writes as a plain scalar, unquoted: it starts with a letter
 * or a slash, so it cannot read as a number, it contains no `: `, ` #`, tab or line break, and it does not
 * end with a space. Of these, only the words that read as null or a boolean get double quotes.
 */
const PLAIN_LINE = /^[A-Za-z/](?:[ \w!"$%&'()*+,./;<=>?@[\\\]^`{|}~-]*[\w!"$%&'()*+,./;<=>?@[\\\]^`{|}~-])?$/;
const RESERVED_WORD = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/** Characters for which the yaml package (2.9) writes a string double-quoted, as it tests for them. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this pattern finds.
const NEEDS_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** Keys written as they are: lower-case words that do not read as null or a boolean. */
const PLAIN_KEY = /^[a-z][a-z_]*$/;

/**
 * Writes a map of simple values as `new Document(map).toString({ lineWidth: 0, minContentWidth: 0 })`
 * of the yaml package (2.9) writes it, byte for byte, without building a Document. The values it takes are
 * null, safe integers and one-line strings that the package writes plain or as a quoted `true` or `null`.
 * It also takes multi-line text that does not start with a space and ends in at most one line feed, which
 * the package writes as a literal block. For any other map it returns null, and the caller uses the package.
 */
export function renderFlatMap(map: Readonly<Record<string, unknown>>): string | null {
  let text = '';
  for (const key in map) {
    if (!PLAIN_KEY.test(key) || RESERVED_WORD.test(key)) {
      return null;
    }
    const value = renderScalar(map[key]);
    if (value === null) {
      return null;
    }
    text += `${key}: ${value}\n`;
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
 * Writes multi-line text as a literal block indented by two spaces, as the yaml package does for a value
 * of a top-level map: a run of line feeds is followed by the indentation, so empty lines stay empty.
 * The block keeps one final line feed (no chomping indicator) or strips its absence (`-`). Text that
 * needs an indentation indicator or keeps several final line feeds returns null.
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
