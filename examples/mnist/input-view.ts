// Shows the 28x28 model input beside the drawing pad.

/** Shows the 28x28 model input (white ink on black, as in MNIST) on a 28x28 canvas scaled up with crisp pixels. */
export function drawInput(canvas: HTMLCanvasElement, pixels: Uint8Array | null): void {
  canvas.width = 28;
  canvas.height = 28;
  const c = canvas.getContext('2d');
  if (!c) return;
  const img = c.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = pixels ? pixels[i]! : 0;
    img.data[i * 4] = v;
    img.data[i * 4 + 1] = v;
    img.data[i * 4 + 2] = v;
    img.data[i * 4 + 3] = 255;
  }
  c.putImageData(img, 0, 0);
}
