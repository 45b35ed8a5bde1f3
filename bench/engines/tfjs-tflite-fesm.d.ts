// Types for tfjs-tflite's self-contained ES bundle: its "module" entry (dist/index.js) imports a client file the
// package does not ship, so browsers load dist/tf-tflite.fesm.js, which has the same exports as the package root.
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite';
}
