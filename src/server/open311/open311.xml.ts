import { XMLBuilder } from 'fast-xml-parser';

export type Open311Format = 'json' | 'xml';

/** The formats served, each with the content type the spec names for it (and discovery lists). */
export const OPEN311_FORMATS: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * How the spec's XML names the items of each list: `<services><service>`, `<service_requests><request>`
 * and so on. The JSON answers are the same objects, with the lists as arrays.
 */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });

// Characters XML 1.0 cannot carry at all, even escaped; a description pasted from elsewhere may hold them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xmlValue(name: string, value: unknown): unknown {
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? name;
    return { [item]: value.map((v) => xmlValue(item, v)) };
  }
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlValue(k, v)]));
  }
  return String(value);
}

/**
 * A GeoReport v2 answer as an XML document in UTF-8, with its declaration: `root` names the outer element
 * (`services`, `service_requests`, `errors`, `service_definition`, `discovery`). null is an empty element,
 * as in the spec's examples; escaping is the builder's.
 */
export function toXml(root: string, body: unknown): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    [root]: xmlValue(root, body),
  }) as string;
}
