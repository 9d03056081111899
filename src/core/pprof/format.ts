// pprof's number formatting (internal/measurement), so gomem prints what `go tool pprof` prints.

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}
interface UnitType {
  defaultUnit: Unit;
  units: Unit[];
}

const unitTypes: UnitType[] = [
  {
    units: [
      { name: 'B', aliases: ['b', 'byte'], factor: 1 },
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    defaultUnit: { name: 'B', aliases: ['b', 'byte'], factor: 1 },
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    defaultUnit: { name: 's', aliases: [], factor: 1e9 },
  },
];

function sniffUnit(type: UnitType, unit: string): Unit | undefined {
  let alias = unit.toLowerCase();
  if (alias.length > 2 && alias.endsWith('s')) {
    alias = alias.slice(0, -1);
  }
  return type.units.find((u) => u.aliases.includes(alias));
}

function autoScale(type: UnitType, value: number): [number, string] | undefined {
  let factor = 0;
  let name = '';
  for (const u of type.units) {
    if (u.factor >= factor && value / u.factor >= 1) {
      factor = u.factor;
      name = u.name;
    }
  }
  return factor === 0 ? undefined : [value / factor, name];
}

/** measurement.Scale: value converted to toUnit ("minimum"/"auto" pick a readable unit). */
export function scale(value: number, fromUnit: string, toUnit: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, fromUnit, toUnit);
    return [-v, u];
  }
  for (const type of unitTypes) {
    const from = sniffUnit(type, fromUnit);
    if (!from) {
      continue;
    }
    const base = value * from.factor;
    if (toUnit === 'minimum' || toUnit === 'auto') {
      const scaled = autoScale(type, base);
      return scaled ?? [base / type.defaultUnit.factor, type.defaultUnit.name];
    }
    const to = sniffUnit(type, toUnit) ?? type.defaultUnit;
    return [base / to.factor, to.name];
  }
  switch (toUnit) {
    case 'count':
    case 'sample':
    case 'unit':
    case 'minimum':
    case 'auto':
      return [value, ''];
    default:
      return [value, toUnit];
  }
}

/** The exact value of a finite, non-negative double: mantissa * 2^exponent. */
function binaryParts(magnitude: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  return biasedExponent === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biasedExponent - 1075 };
}

/** magnitude * 10^decimals rounded to an integer by its exact value, exact ties to even (Go's strconv). */
function roundScaledExactly(magnitude: number, decimals: number): bigint {
  const { mantissa, exponent } = binaryParts(magnitude);
  let numerator = mantissa * 10n ** BigInt(decimals);
  let denominator = 1n;
  if (exponent >= 0) {
    numerator <<= BigInt(exponent);
  } else {
    denominator <<= BigInt(-exponent);
  }
  const quotient = numerator / denominator;
  const twiceRemainder = (numerator - quotient * denominator) * 2n;
  const roundUp = twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n);
  return roundUp ? quotient + 1n : quotient;
}

/**
 * Whether magnitude lies exactly halfway between two multiples of 10^-decimals. That needs
 * magnitude * 2 * 10^decimals to be an odd integer, and as 5^decimals is odd, that holds exactly
 * when magnitude * 2^(decimals+1) is an odd integer, a product floating point computes exactly.
 */
function isExactTie(magnitude: number, decimals: number): boolean {
  const scaled = magnitude * 2 ** (decimals + 1);
  return Number.isInteger(scaled) && scaled % 2 === 1;
}

/**
 * Go's fmt %.Nf (strconv 'f'): rounds the double's exact decimal value, so 0.075 (really
 * 0.07499999...) prints 0.07, and an exact tie such as 0.125 rounds to even (0.12).
 * toFixed also rounds the exact value, but it rounds ties up and switches to exponent notation
 * from 1e21: those cases take the BigInt path.
 */
export function goFixed(value: number, decimals: number): string {
  if (!Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  }
  const magnitude = Math.abs(value);
  let text: string;
  if (magnitude < 1e21 && !isExactTie(magnitude, decimals)) {
    text = magnitude.toFixed(decimals);
  } else {
    const digits = roundScaledExactly(magnitude, decimals).toString().padStart(decimals + 1, '0');
    text = decimals > 0 ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}` : digits;
  }
  return value < 0 || Object.is(value, -0) ? `-${text}` : text;
}

/** measurement.ScaledLabel: "%.2f" without a ".00" tail, then the unit. */
export function scaledLabel(value: number, fromUnit: string, toUnit: string): string {
  const [v, unit] = scale(value, fromUnit, toUnit);
  let text = goFixed(v, 2);
  if (text.endsWith('.00')) {
    text = text.slice(0, -3);
  }
  if (text === '0' || text === '-0') {
    return '0';
  }
  return text + unit;
}

/** A value in its own unit, auto-scaled the way pprof labels values ("1.50MB", "120ms", "42"). */
export function formatValue(value: number, unit: string): string {
  return scaledLabel(value, unit, 'auto');
}

/** The power of ten of a nonzero number's first digit (exact, unlike Math.log10 near powers of ten). */
function decimalExponent(value: number): number {
  return Number(value.toExponential().split('e')[1]);
}

/** Go's %.2g without padding: two significant digits by exact value (ties to even), trailing zeros dropped, e-notation below 1e-4. */
export function goShortG(value: number): string {
  if (value === 0) {
    return Object.is(value, -0) ? '-0' : '0';
  }
  // toPrecision rounds the exact value too, but ties up: redo a tie at the same decimal place.
  // (A tie cannot carry into the next power of ten, so the rounded exponent names that place.)
  let rounded = Number(value.toPrecision(2));
  const decimals = 1 - decimalExponent(rounded);
  if (decimals >= 0 && isExactTie(Math.abs(value), decimals)) {
    rounded = Math.sign(value) * Number(goFixed(Math.abs(value), decimals));
  }
  const exponent = decimalExponent(rounded);
  if (exponent < -4 || exponent >= 2) {
    const [mantissa, exp] = rounded.toExponential(1).split('e');
    const trimmedMantissa = mantissa.replace(/\.?0+$/, '');
    const expNumber = Number(exp);
    const expText = String(Math.abs(expNumber)).padStart(2, '0');
    return `${trimmedMantissa}e${expNumber < 0 ? '-' : '+'}${expText}`;
  }
  const shownDecimals = Math.max(0, 1 - exponent);
  return rounded.toFixed(shownDecimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** measurement.Percentage: width 6 ("12.50%", "  0.5%", "  100%"). */
export function formatPercent(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) {
    return '  100%';
  }
  if (ratio >= 1.0) {
    return `${goFixed(ratio, 2).padStart(5)}%`;
  }
  return `${goShortG(ratio).padStart(5)}%`;
}
