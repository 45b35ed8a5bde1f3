// wgsl_reflect's package main is a CommonJS file marked as ESM; we import its ES module build, typed as the package.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
