/**
 * A small YAML writer for Kubernetes manifests: mappings, sequences, scalars (strings always
 * double-quoted, JSON-style, which YAML reads as is) and multi-line strings as literal blocks.
 */
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

const key = (k: string) => (/^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k));

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function block(text: string, indent: string): string {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const chomp = text.endsWith('\n') ? '' : '-';
  return `|${chomp}\n${body
    .split('\n')
    .map((l) => (l === '' ? '' : `${indent}${l}`))
    .join('\n')}`;
}

function emit(value: Yaml, indent: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        const inner = emit(item, `${indent}  `);
        return `\n${indent}-${inner.startsWith('\n') ? inner.replace(/^\n\s*/, ' ') : inner}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries.map(([k, v]) => `\n${indent}${key(k)}:${emit(v, `${indent}  `)}`).join('');
  }
  if (typeof value === 'string' && value.includes('\n')) return ` ${block(value, indent)}`;
  return ` ${scalar(value)}`;
}

/** One YAML document for `value` (a mapping). */
export function toYaml(value: { [key: string]: Yaml }): string {
  return `${emit(value, '').replace(/^\n/, '')}\n`;
}

/** Several documents, separated by `---`. */
export const toYamlDocuments = (docs: { [key: string]: Yaml }[]): string =>
  docs.map(toYaml).join('---\n');
