import * as assert from 'assert';
import { placeTooltip, TOOLTIP_MARGIN } from '../../src/webview/tooltipPlacement';

describe('flame graph tooltip placement', () => {
  const panel = { width: 600, height: 400 };
  const tooltip = { width: 260, height: 90 };

  it('sits below and to the right of the pointer where there is room', () => {
    assert.deepStrictEqual(placeTooltip({ x: 100, y: 50, width: 0, height: 0 }, tooltip, panel), { left: 112, top: 66 });
  });

  it('flips above the pointer on the bottom rows and to its left at the right edge', () => {
    const bottom = placeTooltip({ x: 100, y: 390, width: 0, height: 0 }, tooltip, panel);
    assert.strictEqual(bottom.top + tooltip.height <= 390, true, 'the tooltip covers the pointer or leaves the panel');
    const right = placeTooltip({ x: 597, y: 50, width: 0, height: 0 }, tooltip, panel);
    assert.strictEqual(right.left + tooltip.width <= 597, true);
    const corner = placeTooltip({ x: 597, y: 397, width: 0, height: 0 }, tooltip, panel);
    assert.deepStrictEqual(corner, { left: 597 - 12 - 260, top: 397 - 8 - 90 });
  });

  it('keeps the whole tooltip inside the panel for every anchor, size and panel, pointer or frame', () => {
    for (const size of [panel, { width: 300, height: 200 }, { width: 200, height: 120 }]) {
      for (const box of [tooltip, { width: 40, height: 20 }, { width: 190, height: 110 }, { width: 900, height: 700 }]) {
        const capped = { width: Math.min(box.width, size.width - 2 * TOOLTIP_MARGIN), height: Math.min(box.height, size.height - 2 * TOOLTIP_MARGIN) };
        for (let x = 0; x <= size.width; x += 7) {
          for (let y = 0; y <= size.height; y += 9) {
            for (const anchor of [{ x, y, width: 0, height: 0 }, { x, y, width: Math.max(1, size.width - x), height: 18 }]) {
              const { left, top } = placeTooltip(anchor, capped, size);
              const inside = left >= TOOLTIP_MARGIN - 0.5 && top >= TOOLTIP_MARGIN - 0.5 && left + capped.width <= size.width - TOOLTIP_MARGIN + 0.5 && top + capped.height <= size.height - TOOLTIP_MARGIN + 0.5;
              assert.ok(inside, `${JSON.stringify({ anchor, capped, size, left, top })}`);
            }
          }
        }
      }
    }
  });

  it("places a selected frame's tooltip under the frame, or above it on the bottom row", () => {
    assert.deepStrictEqual(placeTooltip({ x: 40, y: 100, width: 300, height: 18 }, tooltip, panel), { left: 40, top: 120 });
    assert.deepStrictEqual(placeTooltip({ x: 40, y: 370, width: 300, height: 18 }, tooltip, panel), { left: 40, top: 370 - 2 - 90 });
  });
});
