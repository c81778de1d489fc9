/* Example contract `event_reverter`: events of a failed inner call.
 * Exports: emit_then_panic(u32 n) (n events "inner" with data u32 i, then panics "reverted");
 * call_failing() -> i32 (emits "outer", calls its own emit_then_panic(2), emits "after" and
 * returns the failed call's code, -1). */
#include <shortcrust/contract.h>

SC_EXPORT(emit_then_panic) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t n = sc_get_u32(&r);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t data[4];
    sc_store_le(data, i, 4);
    sc_emit("inner", data, 4);
  }
  sc_panic("reverted");
}

SC_EXPORT(call_failing) {
  sc_emit("outer", 0, 0);
  sc_id self = sc_self_id();
  sc_writer args = sc_writer_new();
  sc_put_u32(&args, 2);
  int32_t code = sc_call(&self, "emit_then_panic", sc_writer_len(&args), 0);
  sc_emit("after", 0, 0);
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, code);
  return sc_writer_len(&w);
}
