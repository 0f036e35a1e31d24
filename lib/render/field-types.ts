/**
 * The one table of model field types (`startapp --model Post title:str`): the parser reads
 * its names, the app templates its Django declarations and test samples, and the README's
 * table is checked against it (test/startapp/fields.test.ts).
 */

export interface FieldType {
  /** The Django field class under `models.`. */
  djangoClass: string;
  /** Keyword options after the verbose name, in order. */
  options: string[];
  /** `fk` and `m2m` take `=app.Model`. */
  relation?: 'fk' | 'm2m';
  /** Readable text: a candidate for `__str__` and the admin's search. */
  text?: boolean;
  /** Short enough for the admin's change list. */
  listed?: boolean;
  /** Offered as an admin list filter. */
  filter?: boolean;
  /**
   * factory-boy declaration, absent when the field's default will do. `$words` stands for
   * the field name in words, `$model` for the model's kebab-case name.
   */
  factory?: string;
  /** A valid value in an API create request (Python expression), absent to leave it out. */
  apiValue?: string;
  /** A value `__str__` returns in tests when this field is the model's readable one. */
  strSample?: string;
  /** The declaration as the README's table shows it. */
  description: string;
}

const sequence = (pattern: string) => `Sequence(lambda n: f"${pattern}")`;

export const fieldTypes: Record<string, FieldType> = {
  str: {
    djangoClass: 'CharField',
    options: ['max_length=255'],
    text: true,
    listed: true,
    factory: sequence('$words {n}'),
    apiValue: '"Sample $words"',
    description: 'CharField(max_length=255)',
  },
  text: { djangoClass: 'TextField', options: [], factory: sequence('$words {n}'), apiValue: '"Some $words."', description: 'TextField()' },
  int: { djangoClass: 'IntegerField', options: [], listed: true, factory: 'Sequence(lambda n: n)', apiValue: '7', description: 'IntegerField()' },
  decimal: {
    djangoClass: 'DecimalField',
    options: ['max_digits=12', 'decimal_places=2'],
    listed: true,
    factory: 'Decimal("9.99")',
    apiValue: '"12.50"',
    description: 'DecimalField(max_digits=12, decimal_places=2)',
  },
  bool: {
    djangoClass: 'BooleanField',
    options: ['default=False'],
    listed: true,
    filter: true,
    apiValue: 'True',
    description: 'BooleanField(default=False)',
  },
  date: {
    djangoClass: 'DateField',
    options: [],
    listed: true,
    filter: true,
    factory: 'LazyFunction(lambda: date(2024, 1, 31))',
    apiValue: '"2024-01-31"',
    description: 'DateField()',
  },
  datetime: {
    djangoClass: 'DateTimeField',
    options: [],
    listed: true,
    filter: true,
    factory: 'LazyFunction(lambda: timezone.now())',
    apiValue: '"2024-01-31T12:00:00Z"',
    description: 'DateTimeField()',
  },
  email: {
    djangoClass: 'EmailField',
    options: [],
    text: true,
    listed: true,
    factory: sequence('person{n}@example.com'),
    apiValue: '"grace@example.com"',
    strSample: '"ada@example.com"',
    description: 'EmailField()',
  },
  url: {
    djangoClass: 'URLField',
    options: [],
    text: true,
    factory: sequence('https://example.com/{n}/'),
    apiValue: '"https://example.com/"',
    strSample: '"https://example.com/ada/"',
    description: 'URLField()',
  },
  slug: {
    djangoClass: 'SlugField',
    options: ['max_length=255', 'unique=True'],
    text: true,
    listed: true,
    factory: sequence('$model-{n}'),
    apiValue: '"sample-slug"',
    strSample: '"ada-lovelace"',
    description: 'SlugField(max_length=255, unique=True)',
  },
  json: { djangoClass: 'JSONField', options: ['default=dict', 'blank=True'], apiValue: '{"key": "value"}', description: 'JSONField(default=dict, blank=True)' },
  fk: {
    djangoClass: 'ForeignKey',
    options: [],
    relation: 'fk',
    listed: true,
    description: 'ForeignKey(on_delete=CASCADE, related_name="<app>_<models>")',
  },
  m2m: { djangoClass: 'ManyToManyField', options: ['blank=True'], relation: 'm2m', description: 'ManyToManyField(blank=True)' },
};

/** The `__str__` sample of a text field with no sample of its own. */
export const defaultStrSample = '"Ada Lovelace"';
