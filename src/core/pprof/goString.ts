// Go strings are bytes: pprof keeps a name that is not valid UTF-8 as it is and prints its raw bytes.
// gomem keeps such a byte as a lone surrogate, U+DC80..U+DCFF (the "surrogateescape" of Python),
// which no valid UTF-8 decodes to, so decodeGoString and encodeGoString round-trip every byte
// string. Browsers and editors show the escapes as replacement characters.

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const ESCAPE_BASE = 0xdc00;

/** Bytes of a Go string as a JS string: UTF-8 decoded, each byte that is not part of valid UTF-8 escaped. */
export function decodeGoString(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeWithEscapes(bytes);
  }
}

/** The length of the valid UTF-8 sequence at bytes[i], 0 when the byte there does not start one. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  const continuation = (k: number, low = 0x80, high = 0xbf) => i + k < bytes.length && bytes[i + k] >= low && bytes[i + k] <= high;
  if (lead < 0x80) {
    return 1;
  }
  if (lead >= 0xc2 && lead <= 0xdf) {
    return continuation(1) ? 2 : 0;
  }
  if (lead >= 0xe0 && lead <= 0xef) {
    // E0 needs A0.. (no overlong forms), ED needs ..9F (no surrogates).
    const low = lead === 0xe0 ? 0xa0 : 0x80;
    const high = lead === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    // F0 needs 90.. (no overlong forms), F4 needs ..8F (nothing past U+10FFFF).
    const low = lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

function decodeWithEscapes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) {
      out += String.fromCharCode(ESCAPE_BASE + bytes[i]);
      i += 1;
    } else {
      out += strictUtf8.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return out;
}

const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

const utf8 = new TextEncoder();

/** The bytes Go would write for a string from decodeGoString: escapes back to raw bytes, the rest UTF-8. */
export function encodeGoString(text: string): Uint8Array {
  if (!ESCAPED_BYTE.test(text)) {
    return utf8.encode(text);
  }
  const chunks: Uint8Array[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const afterHighSurrogate = i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    if (unit >= 0xdc80 && unit <= 0xdcff && !afterHighSurrogate) {
      chunks.push(utf8.encode(text.slice(runStart, i)), Uint8Array.of(unit - ESCAPE_BASE));
      runStart = i + 1;
    }
  }
  chunks.push(utf8.encode(text.slice(runStart)));
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
