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

/** Go's fmt %.Nf: like toFixed, but exact binary ties round half to even. */
export function goFixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  const doubled = Math.abs(value) * 2 * 10 ** digits;
  if (Number.isInteger(doubled) && doubled % 2 === 1 && doubled < 2 ** 52) {
    // Exactly halfway: toFixed rounded away from zero; Go rounds to the even neighbour.
    const down = (doubled - 1) / 2;
    const even = down % 2 === 0 ? down : down + 1;
    const magnitude = (even / 10 ** digits).toFixed(digits);
    return value < 0 ? `-${magnitude}` : magnitude;
  }
  return text;
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

/** Go's %.2g without padding: two significant digits, trailing zeros dropped, e-notation below 1e-4. */
function goShortG(value: number): string {
  if (value === 0) {
    return '0';
  }
  const rounded = Number(value.toPrecision(2));
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  if (exponent < -4 || exponent >= 2) {
    const [mantissa, exp] = rounded.toExponential(1).split('e');
    const trimmedMantissa = mantissa.replace(/\.?0+$/, '');
    const expNumber = Number(exp);
    const expText = String(Math.abs(expNumber)).padStart(2, '0');
    return `${trimmedMantissa}e${expNumber < 0 ? '-' : '+'}${expText}`;
  }
  const decimals = Math.max(0, 1 - exponent);
  return rounded.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
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
