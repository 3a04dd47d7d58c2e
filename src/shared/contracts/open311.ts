import { z } from 'zod';

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), as JSON; the XML answers are built from
 * the same objects. Field names are the spec's, so they are snake_case; what Linli does not have is null.
 */
export const OPEN311_SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
] as const;

export const OPEN311_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
] as const;

export const ZOpen311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export type TOpen311Service = z.infer<typeof ZOpen311Service>;

export const ZOpen311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string().nullable(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string().nullable(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type TOpen311Request = z.infer<typeof ZOpen311Request>;

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** A value the spec allows to be a comma-separated list. */
const ZList = z.string().max(4000).optional();

export const ZOpen311RequestsQuery = z.object({
  jurisdiction_id: z.string().max(100).optional(),
  api_key: z.string().max(200).optional(),
  service_request_id: ZList,
  service_code: ZList,
  start_date: z.string().max(40).optional(),
  end_date: z.string().max(40).optional(),
  status: ZList,
  // The GeoReport v2 extensions most servers implement: paging, and changes since a city system's last pull.
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
  page_size: z.coerce.number().int().min(1).max(1000).optional(),
  updated_after: z.string().max(40).optional(),
  updated_before: z.string().max(40).optional(),
});

export const ZOpen311KeyQuery = z.object({
  jurisdiction_id: z.string().max(100).optional(),
  api_key: z.string().max(200).optional(),
});

/** POST requests.json, form-encoded or JSON. */
export const ZOpen311NewRequest = z.object({
  api_key: z.string().max(200).optional(),
  jurisdiction_id: z.string().max(100).optional(),
  service_code: z.string().trim().min(1).max(40),
  description: z.string().trim().min(1).max(4000),
  address_string: optionalText(200),
  address_id: optionalText(100),
  lat: z.union([z.string(), z.number()]).optional(),
  long: z.union([z.string(), z.number()]).optional(),
  email: optionalText(200),
  device_id: optionalText(200),
  account_id: optionalText(200),
  first_name: optionalText(40),
  last_name: optionalText(40),
  phone: optionalText(40),
  media_url: optionalText(2000),
  /**
   * Answers to a service's extra questions: `attribute[name]=value` fields of a form post (the route's form
   * parser gathers them into one object), an object in JSON.
   */
  attribute: z
    .record(
      z.string().min(1).max(60),
      z.union([z.string().trim().max(1000), z.number(), z.boolean()]).transform(String),
    )
    .refine((a) => Object.keys(a).length <= 30, { message: 'at most 30 attributes' })
    .optional(),
});
export type TOpen311NewRequest = z.input<typeof ZOpen311NewRequest>;

export const ZOpen311Created = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);

/**
 * GET services/{service_code}: a service's extra questions. Linli's categories ask none (their `metadata`
 * is false), so the list is empty; a client still finds the document the spec promises.
 */
export const ZOpen311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(z.never()),
});
export type TOpen311ServiceDefinition = z.infer<typeof ZOpen311ServiceDefinition>;

/** The service discovery document (https://wiki.open311.org/Service_Discovery). */
export const ZOpen311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});
export type TOpen311Discovery = z.infer<typeof ZOpen311Discovery>;

export const ZOpen311Error = z.array(z.object({ code: z.number().int(), description: z.string() }));
export type TOpen311Error = z.infer<typeof ZOpen311Error>;
