/* Example contract `eventer`: emits events.
 * Exports: emit_events(u32 n) -> () (topic "number", data u32 i for i in 0..n);
 * emit_input(u32 topic_len, topic, data...) -> () (one event, the rest of the input as data). */
#include <shortcrust/contract.h>

SC_EXPORT(emit_events) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t n = sc_get_u32(&r);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t data[4];
    sc_store_le(data, i, 4);
    sc_emit("number", data, 4);
  }
  return 0;
}

SC_EXPORT(emit_input) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t topic_len;
  const uint8_t* topic = sc_get_bytes(&r, &topic_len);
  uint32_t data_len;
  const uint8_t* data = sc_get_rest(&r, &data_len);
  /* sc_emit_n stages a topic that lies in the argbuf before moving the data there. */
  sc_emit_n((const char*)topic, topic_len, data, data_len);
  return 0;
}
