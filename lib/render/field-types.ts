/**
 * The one table of model field types (`startapp --model Post title:str`, `model blog Post
 * title:str`): the parser reads its names and what modifiers each type takes, the app
 * templates its Django declarations and test samples, `--help` lists its names, and the
 * README's table is checked against it (test/startapp/fields.test.ts).
 */

export interface FieldType {
  /** The Django field class under `models.`. */
  djangoClass: string;
  /** Keyword options after the verbose name, in order. */
  options: string[];
  /** `fk`, `o2o` and `m2m` take `=app.Model`. */
  relation?: 'fk' | 'o2o' | 'm2m';
  /** `choice` takes `=a,b,c`: a CharField limited to those values. */
  choices?: boolean;
  /**
   * What `?` (optional) adds, as Django advises: string types get `blank=True` only (the
   * empty string is their "no value"; `null=True` joins when they are unique too), others
   * `null=True, blank=True`; absent when the type is optional already (m2m, json).
   */
  optional?: 'blank' | 'null';
  /** How `default=` is written in Python, absent when the type takes no default. */
  defaultKind?: 'string' | 'int' | 'float' | 'bool';
  /** The values the field holds on every database (IntegerField: 32 bits; its validators refuse more). */
  range?: { min: number; max: number };
  /** Imports models.py needs for the declaration (`import uuid`). */
  modelImports?: string[];
  /** `from datetime import ...` names the factory needs. */
  datetimeImports?: string[];
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
  /** A valid value in a page's form post (Python expression) where it differs from `apiValue`. */
  formValue?: string;
  /** A value the page's form refuses (Python expression): the generated tests post it to see the error. */
  invalidInput?: string;
  /** A value `__str__` returns in tests when this field is the model's readable one. */
  strSample?: string;
  /** Never set by forms or the API (editable=False): left out of API payloads and page forms. */
  generated?: boolean;
  /** Pinned base requirements (templates/pins.yaml) a project needs once a model has this type. */
  requirements?: string[];
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
    optional: 'blank',
    defaultKind: 'string',
    factory: sequence('$words {n}'),
    apiValue: '"Sample $words"',
    description: 'CharField(max_length=255)',
  },
  text: {
    djangoClass: 'TextField',
    options: [],
    optional: 'blank',
    defaultKind: 'string',
    factory: sequence('$words {n}'),
    apiValue: '"Some $words."',
    description: 'TextField()',
  },
  int: {
    djangoClass: 'IntegerField',
    options: [],
    listed: true,
    optional: 'null',
    defaultKind: 'int',
    range: { min: -2147483648, max: 2147483647 },
    factory: 'Sequence(lambda n: n)',
    apiValue: '7',
    invalidInput: '"not a number"',
    description: 'IntegerField()',
  },
  float: {
    djangoClass: 'FloatField',
    options: [],
    listed: true,
    optional: 'null',
    defaultKind: 'float',
    factory: 'Sequence(lambda n: n * 1.5)',
    apiValue: '2.5',
    invalidInput: '"not a number"',
    description: 'FloatField()',
  },
  decimal: {
    djangoClass: 'DecimalField',
    options: ['max_digits=12', 'decimal_places=2'],
    listed: true,
    optional: 'null',
    factory: 'Decimal("9.99")',
    apiValue: '"12.50"',
    invalidInput: '"not a number"',
    description: 'DecimalField(max_digits=12, decimal_places=2)',
  },
  bool: {
    djangoClass: 'BooleanField',
    options: ['default=False'],
    listed: true,
    filter: true,
    optional: 'null',
    defaultKind: 'bool',
    apiValue: 'True',
    description: 'BooleanField(default=False)',
  },
  date: {
    djangoClass: 'DateField',
    options: [],
    listed: true,
    filter: true,
    optional: 'null',
    datetimeImports: ['date'],
    factory: 'LazyFunction(lambda: date(2024, 1, 31))',
    apiValue: '"2024-01-31"',
    invalidInput: '"not a date"',
    description: 'DateField()',
  },
  datetime: {
    djangoClass: 'DateTimeField',
    options: [],
    listed: true,
    filter: true,
    optional: 'null',
    factory: 'LazyFunction(lambda: timezone.now())',
    apiValue: '"2024-01-31T12:00:00Z"',
    invalidInput: '"not a date"',
    description: 'DateTimeField()',
  },
  time: {
    djangoClass: 'TimeField',
    options: [],
    listed: true,
    optional: 'null',
    datetimeImports: ['time'],
    factory: 'LazyFunction(lambda: time(9, 30))',
    apiValue: '"09:30:00"',
    invalidInput: '"not a time"',
    description: 'TimeField()',
  },
  duration: {
    djangoClass: 'DurationField',
    options: [],
    optional: 'null',
    datetimeImports: ['timedelta'],
    factory: 'LazyFunction(lambda: timedelta(minutes=30))',
    apiValue: '"00:30:00"',
    invalidInput: '"not a duration"',
    description: 'DurationField()',
  },
  email: {
    djangoClass: 'EmailField',
    options: [],
    text: true,
    listed: true,
    optional: 'blank',
    defaultKind: 'string',
    factory: sequence('person{n}@example.com'),
    apiValue: '"grace@example.com"',
    strSample: '"ada@example.com"',
    invalidInput: '"not an email"',
    description: 'EmailField()',
  },
  url: {
    djangoClass: 'URLField',
    options: [],
    text: true,
    optional: 'blank',
    defaultKind: 'string',
    factory: sequence('https://example.com/{n}/'),
    apiValue: '"https://example.com/"',
    strSample: '"https://example.com/ada/"',
    invalidInput: '"not a url"',
    description: 'URLField()',
  },
  slug: {
    djangoClass: 'SlugField',
    options: ['max_length=255', 'unique=True'],
    text: true,
    listed: true,
    optional: 'blank',
    factory: sequence('$model-{n}'),
    apiValue: '"sample-slug"',
    strSample: '"ada-lovelace"',
    invalidInput: '"not a slug!"',
    description: 'SlugField(max_length=255, unique=True)',
  },
  json: {
    djangoClass: 'JSONField',
    options: ['default=dict', 'blank=True'],
    apiValue: '{"key": "value"}',
    // A form posts text: the JSON document itself.
    formValue: `'{"key": "value"}'`,
    invalidInput: '"{not json"',
    description: 'JSONField(default=dict, blank=True)',
  },
  choice: {
    djangoClass: 'CharField',
    options: [],
    choices: true,
    listed: true,
    filter: true,
    optional: 'blank',
    defaultKind: 'string',
    factory: '$first',
    apiValue: '$first',
    invalidInput: '"not-a-choice"',
    description: 'CharField(max_length=<longest>, choices=[("draft", _("Draft")), ...])',
  },
  uuid: {
    djangoClass: 'UUIDField',
    options: ['default=uuid.uuid4', 'editable=False', 'unique=True'],
    modelImports: ['import uuid'],
    generated: true,
    description: 'UUIDField(default=uuid.uuid4, editable=False, unique=True)',
  },
  ip: {
    djangoClass: 'GenericIPAddressField',
    options: [],
    listed: true,
    optional: 'null',
    factory: sequence('10.0.0.{n % 250 + 1}'),
    apiValue: '"192.0.2.1"',
    invalidInput: '"not an address"',
    description: 'GenericIPAddressField()',
  },
  // Optional always: an API create is JSON, the file comes later (a multipart PATCH or the admin).
  file: {
    djangoClass: 'FileField',
    options: ['upload_to="$app/$models/"', 'blank=True'],
    description: 'FileField(upload_to="<app>/<models>/", blank=True)',
  },
  // As file; Django's ImageField reads the upload's size with Pillow (a base requirement then).
  image: {
    djangoClass: 'ImageField',
    options: ['upload_to="$app/$models/"', 'blank=True'],
    requirements: ['Pillow'],
    description: 'ImageField(upload_to="<app>/<models>/", blank=True)',
  },
  fk: {
    djangoClass: 'ForeignKey',
    options: [],
    relation: 'fk',
    listed: true,
    optional: 'null',
    description: 'ForeignKey(on_delete=CASCADE, related_name="<app>_<models>")',
  },
  o2o: {
    djangoClass: 'OneToOneField',
    options: [],
    relation: 'o2o',
    listed: true,
    optional: 'null',
    description: 'OneToOneField(on_delete=CASCADE, related_name="<app>_<model>")',
  },
  m2m: { djangoClass: 'ManyToManyField', options: ['blank=True'], relation: 'm2m', description: 'ManyToManyField(blank=True)' },
};

/** The `__str__` sample of a text field with no sample of its own. */
export const defaultStrSample = '"Ada Lovelace"';

/** The max length a type's declaration gives, when it gives one (`str`: 255). */
export const ownMaxLength = (type: FieldType): number | undefined => {
  const option = type.options.find((o) => o.startsWith('max_length='));
  return option === undefined ? undefined : Number(option.slice('max_length='.length));
};

/** Types whose max length `name:type:120` sets (their options hold `max_length=`). */
export const takesMaxLength = (type: FieldType) => ownMaxLength(type) !== undefined;

/** The requirements the given field types need (Pillow for `image`), each once. */
export function fieldTypeRequirements(types: Iterable<string>): string[] {
  return [...new Set([...types].flatMap((type) => fieldTypes[type]?.requirements ?? []))];
}
