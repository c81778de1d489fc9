/* Example contract `floats`: IEEE arithmetic the VM must keep deterministic.
 * Exports: sqrt(f64) -> f64; nan_div() -> u64 (bits of 0.0 / 0.0 computed at run time);
 * sum(u32 n, f32 x[n]) -> f32 (summed left to right). */
#include <shortcrust/contract.h>

/* volatile: the division must run in wasm, not be folded by clang. */
static volatile double zero = 0.0;

SC_EXPORT(sqrt) {
  sc_reader r = sc_reader_new(arg_len);
  double x = sc_get_f64(&r);
  sc_writer w = sc_writer_new();
  sc_put_f64(&w, __builtin_sqrt(x));
  return sc_writer_len(&w);
}

SC_EXPORT(nan_div) {
  double z = zero;
  double q = z / z;
  uint64_t bits;
  memcpy(&bits, &q, 8);
  sc_writer w = sc_writer_new();
  sc_put_u64(&w, bits);
  return sc_writer_len(&w);
}

SC_EXPORT(sum) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t n = sc_get_u32(&r);
  float total = 0.0f;
  for (uint32_t i = 0; i < n; ++i) total += sc_get_f32(&r);
  sc_writer w = sc_writer_new();
  sc_put_f32(&w, total);
  return sc_writer_len(&w);
}
