import { Type, type Static } from 'typebox';

// Printable text, not blank: no control characters (NUL included: PostgreSQL cannot store it;
// the one required character excludes them too, as `\S` alone matches NUL) and no lone
// surrogates (half a UTF-16 pair, e.g. "\ud800"), which cannot be stored as UTF-8.
const EXCLUDED = '\\u0000-\\u001F\\u007F\\uD800-\\uDFFF';
const NAME_PATTERN = `^[^${EXCLUDED}]*[^\\s${EXCLUDED}][^${EXCLUDED}]*$`;

const Name = (example: string) =>
  Type.String({ minLength: 1, maxLength: 100, pattern: NAME_PATTERN, examples: [example] });

const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.com'] });

const DateOfBirth = Type.Union([Type.String({ format: 'date', examples: ['1815-12-10'] }), Type.Null()], {
  description: 'Calendar date (YYYY-MM-DD), not in the future; null when unknown.',
});

export const PersonInputSchema = Type.Object(
  {
    firstName: Name('Ada'),
    lastName: Name('Lovelace'),
    email: Email,
    dateOfBirth: Type.Optional(DateOfBirth),
  },
  { additionalProperties: false, $id: 'PersonInput' },
);
export type PersonInput = Static<typeof PersonInputSchema>;

export const PersonSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', examples: ['01938a4e-7c1a-7b3e-9f1e-2a5c8d9e0f12'] }),
    firstName: Type.String({ examples: ['Ada'] }),
    lastName: Type.String({ examples: ['Lovelace'] }),
    email: Type.String({ examples: ['ada@example.com'] }),
    dateOfBirth: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    version: Type.Integer({ minimum: 1, description: 'Increases with every update; sent as the ETag.' }),
  },
  { $id: 'Person' },
);
export type Person = Static<typeof PersonSchema>;

export const PersonPageSchema = Type.Object({
  items: Type.Array(PersonSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page.',
  }),
});
export type PersonPage = Static<typeof PersonPageSchema>;

export const PersonIdParamsSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Person id (UUIDv7)' }),
});

export const DEFAULT_PAGE_SIZE = 20;

export const ListPeopleQuerySchema = Type.Object(
  {
    // Optional (the default fills it in): a required `limit` in the OpenAPI document would be wrong.
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })),
    cursor: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,200}$', description: 'Opaque cursor from `nextCursor`' })),
  },
  { additionalProperties: false },
);
