/* Example contract `callcenter`: inter-contract calls, callers and call stacks.
 * Exports (see README.md): query_counter, increment_counter, delegate, delegate_with_limit,
 * delegations, return_self_id, return_caller, return_callstack, call_self, calling_self,
 * recurse, increment_then_panic, panik. */
#include <shortcrust/contract.h>

/* Counts delegate calls; the increment happens before the callee runs, so it must survive a
 * callee that fails (only the callee's frame is reverted). */
static uint64_t delegations;

/* Calls `fn` on the counter `id` with no arguments; panics if the call fails. */
static uint32_t call_counter(uint32_t arg_len, const char* fn) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id id = sc_get_id(&r);
  uint32_t ret;
  if (sc_call(&id, fn, 0, &ret) < 0) sc_panic("callcenter: counter call failed");
  return ret;
}

SC_EXPORT(query_counter) { return call_counter(arg_len, "read_value"); }

SC_EXPORT(increment_counter) {
  call_counter(arg_len, "increment");
  return 0;
}

/* Shared by delegate and delegate_with_limit: input [u64 limit,] id, u32 name_len, name, rest;
 * result i32 code, then the callee's return bytes (code >= 0) or the panic record (code -1). */
static uint32_t delegate_call(uint32_t arg_len, int with_limit) {
  sc_reader r = sc_reader_new(arg_len);
  uint64_t gas_limit = with_limit ? sc_get_u64(&r) : 0;
  sc_id callee = sc_get_id(&r);
  uint32_t name_len;
  const uint8_t* name = sc_get_bytes(&r, &name_len);
  if (name_len > SC_NAME_MAX) sc_panic("delegate: function name too long");
  char name_copy[SC_NAME_MAX];
  memcpy(name_copy, name, name_len);
  uint32_t rest_len;
  const uint8_t* rest = sc_get_rest(&r, &rest_len);
  memmove(A, rest, rest_len);

  delegations += 1;
  uint32_t ret;
  int32_t code = sc_call_n(&callee, name_copy, name_len, rest_len, gas_limit, &ret);
  uint32_t tail = 0;
  if (code >= 0) {
    tail = ret;
  } else if (code == SC_CALL_PANIC) {
    sc_reader record = sc_reader_new(4);
    tail = 4 + sc_get_u32(&record);
  }
  if (tail > SC_ARGBUF_LEN - 4) sc_panic("delegate: result too long");
  memmove(A + 4, A, tail);
  sc_store_le(A, (uint32_t)code, 4);
  return 4 + tail;
}

SC_EXPORT(delegate) { return delegate_call(arg_len, 0); }
SC_EXPORT(delegate_with_limit) { return delegate_call(arg_len, 1); }

SC_EXPORT(delegations) {
  sc_writer w = sc_writer_new();
  sc_put_u64(&w, delegations);
  return sc_writer_len(&w);
}

SC_EXPORT(return_self_id) {
  sc_id self = sc_self_id();
  sc_writer w = sc_writer_new();
  sc_put_id(&w, &self);
  return sc_writer_len(&w);
}

SC_EXPORT(return_caller) {
  sc_id caller;
  int present = sc_caller(&caller);
  sc_writer w = sc_writer_new();
  sc_put_u8(&w, (uint8_t)present);
  if (present) sc_put_id(&w, &caller);
  return sc_writer_len(&w);
}

SC_EXPORT(return_callstack) {
  uint32_t count = sc_callstack();
  if (count > (SC_ARGBUF_LEN - 4) / SC_ID_LEN) sc_panic("return_callstack: too many ids");
  uint32_t ids_len = count * SC_ID_LEN;
  memmove(A + 4, A, ids_len);
  sc_store_le(A, count, 4);
  return 4 + ids_len;
}

SC_EXPORT(call_self) {
  sc_id self = sc_self_id();
  uint32_t ret;
  if (sc_call(&self, "return_caller", 0, &ret) < 0) sc_panic("call_self: call failed");
  return ret;
}

SC_EXPORT(calling_self) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id other = sc_get_id(&r);
  uint32_t ret;
  if (sc_call(&other, "return_self_id", 0, &ret) < 0 || ret != SC_ID_LEN) {
    sc_panic("calling_self: call failed");
  }
  sc_reader result = sc_reader_new(ret);
  sc_id their_self = sc_get_id(&result);
  sc_id self = sc_self_id();
  sc_writer w = sc_writer_new();
  sc_put_u8(&w, (uint8_t)sc_id_eq(&their_self, &self));
  return sc_writer_len(&w);
}

SC_EXPORT(recurse) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t n = sc_get_u32(&r);
  int32_t result = 0;
  if (n > 0) {
    sc_id self = sc_self_id();
    sc_writer args = sc_writer_new();
    sc_put_u32(&args, n - 1);
    uint32_t ret;
    int32_t code = sc_call(&self, "recurse", sc_writer_len(&args), &ret);
    if (code < 0) {
      result = code;
    } else {
      sc_reader callee_result = sc_reader_new(ret);
      result = sc_get_i32(&callee_result);
    }
  }
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, result);
  return sc_writer_len(&w);
}

SC_EXPORT(increment_then_panic) {
  call_counter(arg_len, "increment");
  sc_panic("increment_then_panic");
}

/* The whole argument is the message; it need not be valid UTF-8. */
SC_EXPORT(panik) { sc_panic_n(A, arg_len); }
