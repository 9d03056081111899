// Where the flame graph's tooltip goes: beside the pointer (or the selected frame), flipped to the
// other side when that side has no room, and clamped so the whole tooltip stays inside the panel.

export interface Size {
  width: number;
  height: number;
}

/** What the tooltip describes: a pointer (width and height 0) or a frame's box, in viewport pixels. */
export interface Anchor {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept between the tooltip and the panel's edges. */
export const TOOLTIP_MARGIN = 4;
/** Offsets from a pointer, so the tooltip does not sit under the cursor. */
const POINTER_GAP_X = 12;
const POINTER_GAP_Y = 16;

/** One axis: after the anchor if it fits, else before it, else as far in as the panel allows. */
function placeAxis(start: number, length: number, gapAfter: number, gapBefore: number, size: number, room: number): number {
  const after = start + length + gapAfter;
  if (after + size <= room - TOOLTIP_MARGIN) return after;
  const before = start - gapBefore - size;
  if (before >= TOOLTIP_MARGIN) return before;
  return Math.max(TOOLTIP_MARGIN, Math.min(after, room - TOOLTIP_MARGIN - size));
}

/**
 * The tooltip's top-left corner: below and to the right of the anchor by default; above it near
 * the bottom of the panel, to its left near the right edge. A tooltip larger than the panel
 * starts at the margin (its CSS caps its size at the panel's).
 */
export function placeTooltip(anchor: Anchor, tooltip: Size, viewport: Size): { left: number; top: number } {
  const pointer = anchor.width === 0 && anchor.height === 0;
  const left = pointer
    ? placeAxis(anchor.x, 0, POINTER_GAP_X, POINTER_GAP_X, tooltip.width, viewport.width)
    : Math.max(TOOLTIP_MARGIN, Math.min(anchor.x, viewport.width - TOOLTIP_MARGIN - tooltip.width));
  const top = placeAxis(anchor.y, anchor.height, pointer ? POINTER_GAP_Y : 2, pointer ? 8 : 2, tooltip.height, viewport.height);
  return { left: Math.round(left), top: Math.round(top) };
}
