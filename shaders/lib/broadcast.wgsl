// Broadcast source offsets for elementwise kernels. The including shader declares `params` with fields
// d0..d5 (output dims, rank padded to 6), a0..a5 and b0..b5 (element strides of each input, 0 where broadcast).
fn broadcast_offsets(i: u32) -> vec2<u32> {
  var r = i;
  var oa = 0u; var ob = 0u;
  let c5 = r % params.d5; r = r / params.d5; oa += c5 * params.a5; ob += c5 * params.b5;
  let c4 = r % params.d4; r = r / params.d4; oa += c4 * params.a4; ob += c4 * params.b4;
  let c3 = r % params.d3; r = r / params.d3; oa += c3 * params.a3; ob += c3 * params.b3;
  let c2 = r % params.d2; r = r / params.d2; oa += c2 * params.a2; ob += c2 * params.b2;
  let c1 = r % params.d1; r = r / params.d1; oa += c1 * params.a1; ob += c1 * params.b1;
  oa += r * params.a0; ob += r * params.b0;
  return vec2<u32>(oa, ob);
}
