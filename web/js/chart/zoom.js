// Pointer handling on a time plot's overlay: hover (for the crosshair and tooltip), click-drag to
// select a time range (zoom), double-click to reset. Pointer capture keeps a drag going when the
// pointer leaves the plot; a drag shorter than a few pixels is a click, not a zoom.

const MIN_DRAG = 5;

export class DragZoom {
  /** handlers: { hover(x, y, clientX, clientY), leave(), selecting(x0, x1), select(x0, x1), reset() } */
  constructor(element, handlers) {
    this.element = element;
    this.handlers = handlers;
    this.start = null;
    this.pointerId = null;
    this.listeners = {
      pointerdown: (e) => this.down(e),
      pointermove: (e) => this.move(e),
      pointerup: (e) => this.up(e),
      pointercancel: () => this.cancel(),
      pointerleave: () => { if (this.start === null) handlers.leave(); },
      dblclick: (e) => { e.preventDefault(); handlers.reset(); },
    };
    for (const [name, fn] of Object.entries(this.listeners)) element.addEventListener(name, fn);
  }

  local(event) {
    const box = this.element.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  down(event) {
    if (event.button !== 0) return;
    const { x } = this.local(event);
    this.start = x;
    this.pointerId = event.pointerId;
    try { this.element.setPointerCapture(event.pointerId); } catch { /* synthetic events have no capture */ }
  }

  move(event) {
    const { x, y } = this.local(event);
    if (this.start !== null && Math.abs(x - this.start) >= MIN_DRAG) this.handlers.selecting(this.start, x);
    else this.handlers.hover(x, y, event.clientX, event.clientY);
  }

  up(event) {
    if (this.start === null) return;
    const { x } = this.local(event);
    const start = this.start;
    this.cancel();
    if (Math.abs(x - start) >= MIN_DRAG) this.handlers.select(Math.min(start, x), Math.max(start, x));
  }

  cancel() {
    if (this.pointerId !== null) {
      try { this.element.releasePointerCapture(this.pointerId); } catch { /* already released */ }
    }
    this.start = null;
    this.pointerId = null;
    this.handlers.selecting(null, null);
  }

  destroy() {
    for (const [name, fn] of Object.entries(this.listeners)) this.element.removeEventListener(name, fn);
  }
}
