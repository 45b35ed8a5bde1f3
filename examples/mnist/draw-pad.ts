// The drawing canvas: pointer events (mouse, pen, touch) draw round strokes; the ink is the canvas alpha channel.
import { inkFromRgba, type InkImage } from './preprocess.js';

/** Internal resolution; the canvas is styled to any on-screen size and pointer positions are mapped onto it. */
export const PAD_SIZE = 280;
/** Stroke width relative to the pad: a digit drawn across most of the pad gets MNIST-like 2-3 pixel strokes. */
const STROKE = 0.085;

export class DrawPad {
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;
  private activePointer: number | null = null;
  private hasInk = false;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onInk: (final: boolean) => void) {
    canvas.width = PAD_SIZE;
    canvas.height = PAD_SIZE;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas is not available');
    this.ctx = ctx;
    canvas.addEventListener('pointerdown', (e) => this.down(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    canvas.addEventListener('pointerup', (e) => this.up(e));
    canvas.addEventListener('pointercancel', (e) => this.up(e));
  }

  get empty(): boolean {
    return !this.hasInk;
  }

  clear(): void {
    this.ctx.clearRect(0, 0, PAD_SIZE, PAD_SIZE);
    this.hasInk = false;
    this.last = null;
  }

  ink(): InkImage {
    return inkFromRgba(this.ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data, PAD_SIZE, PAD_SIZE);
  }

  private point(e: PointerEvent): { x: number; y: number } {
    // The canvas bitmap fills the content box: measure from inside the border.
    const r = this.canvas.getBoundingClientRect(), c = this.canvas;
    return { x: ((e.clientX - r.left - c.clientLeft) / c.clientWidth) * PAD_SIZE, y: ((e.clientY - r.top - c.clientTop) / c.clientHeight) * PAD_SIZE };
  }

  private down(e: PointerEvent): void {
    if (this.activePointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.activePointer = e.pointerId;
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this.point(e);
    this.segment(this.last, this.last);
  }

  private move(e: PointerEvent): void {
    if (e.pointerId !== this.activePointer || !this.last) return;
    e.preventDefault();
    // Coalesced events carry the pen's intermediate positions between frames: smoother strokes at speed.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = this.point(ev);
      this.segment(this.last, p);
      this.last = p;
    }
    this.onInk(false);
  }

  private up(e: PointerEvent): void {
    if (e.pointerId !== this.activePointer) return;
    this.activePointer = null;
    this.last = null;
    this.onInk(true);
  }

  private segment(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const c = this.ctx;
    c.strokeStyle = '#000';
    c.lineWidth = STROKE * PAD_SIZE;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a.x, a.y);
    c.lineTo(b.x, b.y);
    c.stroke();
    this.hasInk = true;
  }
}
