/* Example contract `feeder`: streams data to the host during a feeder call.
 * Exports: feed_num(u32 n) -> () (feeds u32 i, 4 bytes each, for i in 0..n). */
#include <shortcrust/contract.h>

SC_EXPORT(feed_num) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t n = sc_get_u32(&r);
  for (uint32_t i = 0; i < n; ++i) {
    sc_store_le(A, i, 4);
    sc_feed(4);
  }
  return 0;
}
