/* Example contract `initializer`: state set by `init` at deploy.
 * Exports: init(u8 v) -> (); value() -> u8 (0xff if init never ran). */
#include <shortcrust/contract.h>

static uint8_t value = 0xff;

SC_EXPORT(init) {
  sc_reader r = sc_reader_new(arg_len);
  value = sc_get_u8(&r);
  return 0;
}

SC_EXPORT(value) {
  sc_writer w = sc_writer_new();
  sc_put_u8(&w, value);
  return sc_writer_len(&w);
}
