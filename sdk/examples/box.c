/* Example contract `box`: an optional i64.
 * Exports: set(i64) -> (), get() -> () if never set, else i64. */
#include <shortcrust/contract.h>

static int64_t boxed;
static uint8_t is_set;

SC_EXPORT(set) {
  sc_reader r = sc_reader_new(arg_len);
  boxed = sc_get_i64(&r);
  is_set = 1;
  return 0;
}

SC_EXPORT(get) {
  if (!is_set) return 0;
  sc_writer w = sc_writer_new();
  sc_put_i64(&w, boxed);
  return sc_writer_len(&w);
}
