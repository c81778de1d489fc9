/* Example contract `spender`: reads and burns gas.
 * Exports: limit_and_spent() -> u64 limit, u64 spent; spend(u64 n) -> ();
 * nested(id) -> u64 own limit, u64 spent before, u64 callee limit, u64 callee spent, u64 spent
 * after (the callee's values come from its limit_and_spent). */
#include <shortcrust/contract.h>

/* Keeps the loop in spend() from being optimised away. */
static volatile uint64_t sink;

SC_EXPORT(limit_and_spent) {
  uint64_t limit = sc_limit();
  uint64_t spent = sc_spent();
  sc_writer w = sc_writer_new();
  sc_put_u64(&w, limit);
  sc_put_u64(&w, spent);
  return sc_writer_len(&w);
}

SC_EXPORT(spend) {
  sc_reader r = sc_reader_new(arg_len);
  uint64_t n = sc_get_u64(&r);
  uint64_t acc = n;
  for (uint64_t i = 0; i < n; ++i) acc = acc * 6364136223846793005ull + i;
  sink = acc;
  return 0;
}

SC_EXPORT(nested) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id callee = sc_get_id(&r);
  uint64_t own_limit = sc_limit();
  uint64_t spent_before = sc_spent();
  uint32_t ret;
  if (sc_call(&callee, "limit_and_spent", 0, &ret) < 0 || ret != 16) {
    sc_panic("nested: limit_and_spent failed");
  }
  sc_reader callee_result = sc_reader_new(ret);
  uint64_t callee_limit = sc_get_u64(&callee_result);
  uint64_t callee_spent = sc_get_u64(&callee_result);
  uint64_t spent_after = sc_spent();
  sc_writer w = sc_writer_new();
  sc_put_u64(&w, own_limit);
  sc_put_u64(&w, spent_before);
  sc_put_u64(&w, callee_limit);
  sc_put_u64(&w, callee_spent);
  sc_put_u64(&w, spent_after);
  return sc_writer_len(&w);
}
