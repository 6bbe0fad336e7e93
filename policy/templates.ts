/**
 * Login and email templates such as `{preferredName|firstName}.{lastName}@example.test`: each
 * placeholder names HR attributes, the first one present supplies the value.
 */
import { ATTRIBUTE_NAMES, type AttributeName, type PersonAttributes } from '../domain/hr-event';

type Segment = { text: string } | { attributes: AttributeName[] };

export interface ParsedTemplate {
  segments: Segment[];
  /** Messages for the policy author; empty when the template is usable. */
  problems: string[];
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function parseTemplate(template: string): ParsedTemplate {
  const segments: Segment[] = [];
  const problems: string[] = [];
  let last = 0;

  for (const match of template.matchAll(PLACEHOLDER)) {
    segments.push({ text: template.slice(last, match.index) });
    last = match.index + match[0].length;

    const names = (match[1] ?? '').split('|').map((name) => name.trim());
    const unknown = names.filter((name) => !isAttributeName(name));
    if (unknown.length > 0) {
      const listed = unknown.map((name) => `"${name}"`).join(', ');
      const known = ATTRIBUTE_NAMES.join(', ');
      problems.push(`${match[0]}: no HR attribute is called ${listed}; use one of ${known}`);
    }
    segments.push({ attributes: names.filter(isAttributeName) });
  }
  segments.push({ text: template.slice(last) });

  // A brace left over after taking out the placeholders is almost always a typo like `{lastName`.
  const literal = segments.map((segment) => ('text' in segment ? segment.text : '')).join('');
  if (/[{}]/.test(literal)) problems.push('the template has an unmatched { or }');
  if (!segments.some((segment) => 'attributes' in segment)) {
    problems.push('the template has no {attribute} placeholder, so everyone would get one value');
  }

  return { segments, problems };
}

/**
 * Fills the template with address-safe attribute values, or gives `undefined` when a placeholder
 * has no usable value: a guessed login is worse than none, because logins are hard to change.
 */
export function renderAddressTemplate(
  template: string,
  attributes: PersonAttributes,
): string | undefined {
  let rendered = '';

  for (const segment of parseTemplate(template).segments) {
    if ('text' in segment) {
      rendered += segment.text;
      continue;
    }

    const value = segment.attributes
      .map((name) => toAddressPart(attributes[name] ?? ''))
      .find((part) => part.length > 0);
    if (value === undefined) return undefined;
    rendered += value;
  }

  return rendered;
}

// Letters that Unicode does not decompose into a base letter plus a mark.
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/** `Zoë O'Brien-Łukasz` becomes `zoeobrien-lukasz`: lower case, no marks, spaces or quotes. */
export function toAddressPart(value: string): string {
  const lower = value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const transliterated = [...lower].map((char) => TRANSLITERATIONS[char] ?? char).join('');

  // Anything else (apostrophes, spaces, other scripts) has no safe spelling in an address.
  return transliterated.replace(/[^a-z0-9._-]/g, '');
}

function isAttributeName(name: string): name is AttributeName {
  return (ATTRIBUTE_NAMES as readonly string[]).includes(name);
}
