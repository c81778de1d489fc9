/* Example contract `crossover`: a failed callee's writes are reverted, the caller's are not.
 * Exports: crossover() -> i32; set_crossover(i32 v) -> i32 old;
 * set_and_call_back(id back, i32 v, u8 fail) (calls set_crossover(v) on `back`, then panics
 * "crossover" if fail != 0); check_consistent(id other, i32 mine, i32 theirs) -> i32 code,
 * i32 crossover (sets its own value to `mine`, calls set_and_call_back(self, theirs, 1) on
 * `other`; expects code -1 and its value still `mine`). */
#include <shortcrust/contract.h>

static int32_t crossover = 7;

SC_EXPORT(crossover) {
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, crossover);
  return sc_writer_len(&w);
}

SC_EXPORT(set_crossover) {
  sc_reader r = sc_reader_new(arg_len);
  int32_t old = crossover;
  crossover = sc_get_i32(&r);
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, old);
  return sc_writer_len(&w);
}

SC_EXPORT(set_and_call_back) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id back = sc_get_id(&r);
  int32_t v = sc_get_i32(&r);
  uint8_t fail = sc_get_u8(&r);
  sc_writer args = sc_writer_new();
  sc_put_i32(&args, v);
  if (sc_call(&back, "set_crossover", sc_writer_len(&args), 0) < 0) {
    sc_panic("set_and_call_back: set_crossover failed");
  }
  if (fail) sc_panic("crossover");
  return 0;
}

SC_EXPORT(check_consistent) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id other = sc_get_id(&r);
  int32_t mine = sc_get_i32(&r);
  int32_t theirs = sc_get_i32(&r);
  crossover = mine;
  sc_id self = sc_self_id();
  sc_writer args = sc_writer_new();
  sc_put_id(&args, &self);
  sc_put_i32(&args, theirs);
  sc_put_u8(&args, 1);
  int32_t code = sc_call(&other, "set_and_call_back", sc_writer_len(&args), 0);
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, code);
  sc_put_i32(&w, crossover);
  return sc_writer_len(&w);
}
