/* Example contract `counter` (also built for wasm64 as `counter64`): one i64 in linear memory.
 * Exports: read_value() -> i64, increment() -> (), decrement() -> (). */
#include <shortcrust/contract.h>

static int64_t value = 0xfc;

SC_EXPORT(read_value) {
  sc_writer w = sc_writer_new();
  sc_put_i64(&w, value);
  return sc_writer_len(&w);
}

SC_EXPORT(increment) {
  value += 1;
  return 0;
}

SC_EXPORT(decrement) {
  value -= 1;
  return 0;
}
