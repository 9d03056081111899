// Decodes a profile off the extension host's thread: gunzip with the size limit, parse, and
// flatten into the typed arrays the webview takes. The arrays are transferred back, not copied.
// A worker also bounds the damage of a hostile file: it has its own heap limit, and running out of
// it ends the worker, not the extension host.
import { parentPort, workerData } from 'worker_threads';
import { ProfileError } from '../core/pprof/model';
import { loadProfile } from '../core/pprof/node';
import { functionLines } from '../core/pprof/top';
import { encodeProfile } from '../webview/protocol';
import type { DecodeRequest, DecodeResult } from './profileDecode';

function decode({ bytes, maxInflatedBytes }: DecodeRequest): { result: DecodeResult; transfer: ArrayBuffer[] } {
  const started = performance.now();
  try {
    const profile = loadProfile(bytes, { maxInflatedBytes });
    const wire = encodeProfile(profile);
    const lines = functionLines(profile);
    const transfer = [lines.buffer as ArrayBuffer];
    for (const value of Object.values(wire)) {
      if (ArrayBuffer.isView(value)) transfer.push(value.buffer as ArrayBuffer);
    }
    const result: DecodeResult = {
      ok: true,
      wire,
      functionLines: lines,
      sampleCount: profile.samples.length,
      locationCount: profile.locations.length,
      decodeMilliseconds: performance.now() - started,
    };
    return { result, transfer };
  } catch (error) {
    const internal = !(error instanceof ProfileError);
    const message = error instanceof Error ? error.message : String(error);
    return { result: { ok: false, message, internal, stack: internal && error instanceof Error ? error.stack : undefined }, transfer: [] };
  }
}

const { result, transfer } = decode(workerData as DecodeRequest);
parentPort!.postMessage(result, transfer);
