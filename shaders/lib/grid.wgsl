// Linear invocation index for dispatches folded into two dimensions (grid() in kernel.ts).
fn grid_linear(gid: vec3<u32>, nwg: vec3<u32>, wg: u32) -> u32 {
  return gid.x + gid.y * nwg.x * wg;
}
