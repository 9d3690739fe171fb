/**
 * The stand-in's copy of WeChat's value rules for subscription messages (wechat-protocol.md
 * §6.3): the key's prefix is its type (`thing2`, `phrase4`), and one value that breaks its type's
 * rule refuses the whole message with 47003 naming the field. Kept apart from anything the
 * platform uses to fit values, so that a bug there is caught here instead of being agreed with.
 */
const HAN = /\p{Script=Han}/u;
const CONTROL = /\p{Cc}/u;
const CLOCK = String.raw`\d{1,2}:\d{2}(:\d{2})?`;
const DAY = String.raw`\d{4}(年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})`;
const TIME = new RegExp(`^(${DAY}\\s*)?${CLOCK}$`);
const DATE = new RegExp(`^${DAY}(\\s*${CLOCK})?$`);

/** Letters, digits and punctuation count one each, as WeChat counts them (community). */
const characters = (value: string) => [...value].length;

/** Time and date values may be a range: two points joined with `~`. */
const eachPointOfRange = (pattern: RegExp) => (value: string) =>
  value.split('~').every((point) => pattern.test(point.trim()));

const RULES: Record<string, (value: string) => boolean> = {
  thing: (value) => characters(value) <= 20,
  number: (value) => /^[+-]?\d+(\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32,
  letter: (value) => /^[A-Za-z]{1,32}$/.test(value),
  symbol: (value) => characters(value) <= 5 && !CONTROL.test(value),
  character_string: (value) => characters(value) <= 32 && !HAN.test(value),
  time: eachPointOfRange(TIME),
  date: eachPointOfRange(DATE),
  amount: (value) => /^\D?\d{1,10}(\.\d+)?元?$/.test(value),
  phone_number: (value) => /^[\d+\-() ]{1,17}$/.test(value),
  car_number: (value) => characters(value) <= 8,
  // A mix of Chinese and letters counts as Chinese.
  name: (value) => characters(value) <= (HAN.test(value) ? 10 : 20),
  phrase: (value) => /^\p{Script=Han}{1,5}$/u.test(value),
};

/** The type of a keyword such as `character_string3`, or undefined for a key of no known type. */
export function keywordType(key: string): string | undefined {
  const type = /^([a-z_]+?)\d+$/.exec(key)?.[1];
  return type !== undefined && type in RULES ? type : undefined;
}

/**
 * The 47003 detail for the first value WeChat would refuse, or undefined when all pass. An empty
 * value is refused whatever its type (WeChat's wording for it is unconfirmed). Keys of no known
 * type (`enum`, or a key the template may not have) pass: the stand-in does not know the templates.
 */
export function findSubscribeDataError(data: Record<string, { value: string }>): string | undefined {
  for (const [key, { value }] of Object.entries(data)) {
    const type = keywordType(key);
    const rule = type === undefined ? undefined : RULES[type];
    if (value === '' || (rule && !rule(value))) return `data.${key}.value invalid`;
  }
  return undefined;
}
