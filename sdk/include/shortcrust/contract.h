/* The Shortcrust contract SDK: everything a C (C11) or C++ (C++20) contract needs, header-only.
 * Owns the argument buffer `A` (ARCHITECTURE.md §6.1), the host imports of §6.3, typed helpers
 * over them, a little-endian reader/writer over the argbuf and the SC_EXPORT macro (§6.2).
 * Build with cmake/ShortcrustContract.cmake (clang --target=wasm32|wasm64, no libc). Every
 * helper that receives data from the host (call, self_id, caller, meta, ...) overwrites the
 * argbuf: read the arguments you still need before calling one. */
#ifndef SHORTCRUST_CONTRACT_H
#define SHORTCRUST_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__wasm__)
#error "shortcrust/contract.h is for contracts: compile with --target=wasm32 or --target=wasm64"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Size of the argument buffer in bytes (§6.1). */
#define SC_ARGBUF_LEN 65536u
/* Size of a contract id in bytes. */
#define SC_ID_LEN 32u

/* Codes returned by sc_call besides a return length >= 0 (§6.4). */
#define SC_CALL_PANIC (-1)          /* argbuf: u32 LE message length, then the message */
#define SC_CALL_OUT_OF_GAS (-2)
#define SC_CALL_NO_CONTRACT (-3)
#define SC_CALL_OTHER INT32_MIN     /* e.g. the depth limit */

/* The argbuf. Weak, so that every translation unit of a contract may include this header and
 * the linker keeps one copy; `-Wl,--export=A` turns its address into the immutable exported
 * global `A` (i32 on wasm32, i64 on wasm64) that the VM looks for. */
__attribute__((weak, aligned(16))) uint8_t A[SC_ARGBUF_LEN];

/* A 32-byte contract id. */
typedef struct sc_id {
  uint8_t bytes[SC_ID_LEN];
} sc_id;

/* ---- Raw host imports (§6.3). Pointers widen to i64 on wasm64; lengths stay i32. ---- */
#define SC_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

SC_IMPORT(c) int32_t sc_host_c(const uint8_t* callee, const char* name, uint32_t name_len,
                               uint32_t arg_len, uint64_t gas_limit);
SC_IMPORT(hq) uint32_t sc_host_hq(const char* name, uint32_t name_len, uint32_t arg_len);
SC_IMPORT(hd) uint32_t sc_host_hd(const char* name, uint32_t name_len);
SC_IMPORT(emit) void sc_host_emit(const char* topic, uint32_t topic_len, uint32_t arg_len);
SC_IMPORT(feed) void sc_host_feed(uint32_t arg_len);
SC_IMPORT(caller) int32_t sc_host_caller(void);
SC_IMPORT(callstack) uint32_t sc_host_callstack(void);
SC_IMPORT(limit) uint64_t sc_host_limit(void);
SC_IMPORT(spent) uint64_t sc_host_spent(void);
SC_IMPORT(owner) uint32_t sc_host_owner(const uint8_t* id);
SC_IMPORT(self_id) void sc_host_self_id(void);
SC_IMPORT(panic) __attribute__((noreturn)) void sc_host_panic(uint32_t arg_len);
SC_IMPORT(hdebug) void sc_host_hdebug(uint32_t msg_len);

#undef SC_IMPORT

/* ---- Export macro (§6.2): SC_EXPORT(get) { ... return result_len; } ----
 * The wasm export is named `name`; the C symbol is `sc_export_name`, so exports may share a
 * name with a global or a libc function (`value`, `sqrt`) without clashing. */
#ifdef __cplusplus
#define SC_EXTERN_C extern "C"
#else
#define SC_EXTERN_C
#endif
#define SC_EXPORT(name)                                                                 \
  SC_EXTERN_C __attribute__((export_name(#name))) uint32_t sc_export_##name(            \
      __attribute__((unused)) uint32_t arg_len);                                        \
  SC_EXTERN_C __attribute__((export_name(#name))) uint32_t sc_export_##name(            \
      __attribute__((unused)) uint32_t arg_len)

/* ---- The few libc functions clang may emit calls to (aggregate copies, large zeroing). ----
 * Weak so that a contract linking its own libc wins; no_builtin so that the loops below are
 * not recognised as calls to themselves. */
__attribute__((weak, no_builtin)) void* memcpy(void* dst, const void* src, size_t n) {
  uint8_t* d = (uint8_t*)dst;
  const uint8_t* s = (const uint8_t*)src;
  while (n--) *d++ = *s++;
  return dst;
}
__attribute__((weak, no_builtin)) void* memmove(void* dst, const void* src, size_t n) {
  uint8_t* d = (uint8_t*)dst;
  const uint8_t* s = (const uint8_t*)src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}
__attribute__((weak, no_builtin)) void* memset(void* dst, int value, size_t n) {
  uint8_t* d = (uint8_t*)dst;
  while (n--) *d++ = (uint8_t)value;
  return dst;
}
__attribute__((weak, no_builtin)) int memcmp(const void* a, const void* b, size_t n) {
  const uint8_t* x = (const uint8_t*)a;
  const uint8_t* y = (const uint8_t*)b;
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

#define SC_INLINE static inline __attribute__((unused))

SC_INLINE uint32_t sc_strlen(const char* s) {
  uint32_t n = 0;
  while (s[n]) ++n;
  return n;
}

/* ---- Panics and debug output. The message is copied into the argbuf first. ---- */
__attribute__((noreturn)) SC_INLINE void sc_panic_n(const void* msg, uint32_t len) {
  if (len > SC_ARGBUF_LEN) len = SC_ARGBUF_LEN;
  memmove(A, msg, len);
  sc_host_panic(len);
}
__attribute__((noreturn)) SC_INLINE void sc_panic(const char* msg) {
  sc_panic_n(msg, sc_strlen(msg));
}
SC_INLINE void sc_debug_n(const void* msg, uint32_t len) {
  if (len > SC_ARGBUF_LEN) len = SC_ARGBUF_LEN;
  memmove(A, msg, len);
  sc_host_hdebug(len);
}
SC_INLINE void sc_debug(const char* msg) { sc_debug_n(msg, sc_strlen(msg)); }

/* Names, topics and ids passed by pointer must not be overwritten by the arguments the helper
 * moves into the argbuf: a pointer into the argbuf is staged in a caller-provided buffer. */
#define SC_NAME_MAX 1024u
SC_INLINE const char* sc_stage_name(const char* p, uint32_t len, char* buf) {
  if ((const uint8_t*)p < A || (const uint8_t*)p >= A + SC_ARGBUF_LEN) return p;
  if (len > SC_NAME_MAX) sc_panic("name in the argbuf longer than SC_NAME_MAX");
  memmove(buf, p, len);
  return buf;
}

/* ---- Inter-contract calls (§6.4). The arguments are argbuf[0..arg_len). ----
 * Returns the callee's return length (>= 0, bytes now in the argbuf) or a negative SC_CALL_*
 * code; `*ret_len` (may be NULL) receives the length, 0 on failure. gas_limit 0 asks for the
 * default (93% of what remains). */
SC_INLINE int32_t sc_call_n(const sc_id* callee, const char* fn, uint32_t fn_len,
                            uint32_t arg_len, uint64_t gas_limit, uint32_t* ret_len) {
  sc_id id = *callee;
  char buf[SC_NAME_MAX];
  int32_t code = sc_host_c(id.bytes, sc_stage_name(fn, fn_len, buf), fn_len, arg_len, gas_limit);
  if (ret_len) *ret_len = code >= 0 ? (uint32_t)code : 0;
  return code;
}
SC_INLINE int32_t sc_call_with_limit(const sc_id* callee, const char* fn, uint32_t arg_len,
                                     uint64_t gas_limit, uint32_t* ret_len) {
  return sc_call_n(callee, fn, sc_strlen(fn), arg_len, gas_limit, ret_len);
}
SC_INLINE int32_t sc_call(const sc_id* callee, const char* fn, uint32_t arg_len,
                          uint32_t* ret_len) {
  return sc_call_n(callee, fn, sc_strlen(fn), arg_len, 0, ret_len);
}

/* ---- Events, feeds, host queries and metadata. ---- */
SC_INLINE void sc_emit_n(const char* topic, uint32_t topic_len, const void* data, uint32_t len) {
  char buf[SC_NAME_MAX];
  const char* t = sc_stage_name(topic, topic_len, buf);
  if (len > SC_ARGBUF_LEN) sc_panic("event data longer than the argbuf");
  memmove(A, data, len);
  sc_host_emit(t, topic_len, len);
}
SC_INLINE void sc_emit(const char* topic, const void* data, uint32_t len) {
  sc_emit_n(topic, sc_strlen(topic), data, len);
}
/* Streams argbuf[0..len) to the host during a feeder call. */
SC_INLINE void sc_feed(uint32_t len) { sc_host_feed(len); }
/* Runs the embedder's query `name` on argbuf[0..arg_len); returns the result length. */
SC_INLINE uint32_t sc_host_query_n(const char* name, uint32_t name_len, uint32_t arg_len) {
  char buf[SC_NAME_MAX];
  return sc_host_hq(sc_stage_name(name, name_len, buf), name_len, arg_len);
}
SC_INLINE uint32_t sc_host_query(const char* name, uint32_t arg_len) {
  return sc_host_query_n(name, sc_strlen(name), arg_len);
}
/* Session metadata `name` into the argbuf; returns its length (0 if missing). */
SC_INLINE uint32_t sc_meta_n(const char* name, uint32_t name_len) {
  char buf[SC_NAME_MAX];
  return sc_host_hd(sc_stage_name(name, name_len, buf), name_len);
}
SC_INLINE uint32_t sc_meta(const char* name) { return sc_meta_n(name, sc_strlen(name)); }

/* ---- Identity and gas. ---- */
/* Owner bytes of `id` (NULL: this contract) into the argbuf; returns the length, 0 if none. */
SC_INLINE uint32_t sc_owner(const sc_id* id) {
  if (!id) return sc_host_owner(NULL);
  sc_id copy = *id;
  return sc_host_owner(copy.bytes);
}
SC_INLINE sc_id sc_self_id(void) {
  sc_host_self_id();
  sc_id id;
  memcpy(id.bytes, A, SC_ID_LEN);
  return id;
}
/* 1 and the caller's id in `*out` (may be NULL), or 0 at the top level. */
SC_INLINE int sc_caller(sc_id* out) {
  int32_t present = sc_host_caller();
  if (present && out) memcpy(out->bytes, A, SC_ID_LEN);
  return present != 0;
}
/* Number of ancestor ids, nearest first, now at A + 32 * i. */
SC_INLINE uint32_t sc_callstack(void) { return sc_host_callstack(); }
SC_INLINE uint64_t sc_limit(void) { return sc_host_limit(); }
SC_INLINE uint64_t sc_spent(void) { return sc_host_spent(); }
SC_INLINE int sc_id_eq(const sc_id* a, const sc_id* b) {
  return memcmp(a->bytes, b->bytes, SC_ID_LEN) == 0;
}

/* ---- Little-endian fixed-layout encoding over the argbuf. ----
 * A reader walks argbuf[0..len) and panics when an argument is missing; a writer fills the
 * argbuf from 0 and its position is the result length. Writing overwrites the arguments. */
typedef struct sc_reader {
  uint32_t pos;
  uint32_t len;
} sc_reader;
typedef struct sc_writer {
  uint32_t pos;
} sc_writer;

SC_INLINE sc_reader sc_reader_new(uint32_t arg_len) {
  if (arg_len > SC_ARGBUF_LEN) sc_panic("argument longer than the argbuf");
  sc_reader r = {0, arg_len};
  return r;
}
SC_INLINE uint32_t sc_remaining(const sc_reader* r) { return r->len - r->pos; }
/* Takes `n` raw bytes; the pointer is into the argbuf. */
SC_INLINE const uint8_t* sc_get_raw(sc_reader* r, uint32_t n) {
  if (n > r->len - r->pos) sc_panic("argument too short");
  const uint8_t* p = A + r->pos;
  r->pos += n;
  return p;
}
SC_INLINE uint64_t sc_load_le(const uint8_t* p, uint32_t n) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < n; ++i) v |= (uint64_t)p[i] << (8 * i);
  return v;
}
SC_INLINE uint8_t sc_get_u8(sc_reader* r) { return *sc_get_raw(r, 1); }
SC_INLINE uint32_t sc_get_u32(sc_reader* r) { return (uint32_t)sc_load_le(sc_get_raw(r, 4), 4); }
SC_INLINE int32_t sc_get_i32(sc_reader* r) { return (int32_t)sc_get_u32(r); }
SC_INLINE uint64_t sc_get_u64(sc_reader* r) { return sc_load_le(sc_get_raw(r, 8), 8); }
SC_INLINE int64_t sc_get_i64(sc_reader* r) { return (int64_t)sc_get_u64(r); }
SC_INLINE float sc_get_f32(sc_reader* r) {
  uint32_t bits = sc_get_u32(r);
  float f;
  memcpy(&f, &bits, 4);
  return f;
}
SC_INLINE double sc_get_f64(sc_reader* r) {
  uint64_t bits = sc_get_u64(r);
  double d;
  memcpy(&d, &bits, 8);
  return d;
}
SC_INLINE sc_id sc_get_id(sc_reader* r) {
  sc_id id;
  memcpy(id.bytes, sc_get_raw(r, SC_ID_LEN), SC_ID_LEN);
  return id;
}
/* A byte string with a u32 length prefix; returns a pointer into the argbuf. */
SC_INLINE const uint8_t* sc_get_bytes(sc_reader* r, uint32_t* len) {
  *len = sc_get_u32(r);
  return sc_get_raw(r, *len);
}
/* Everything not read yet. */
SC_INLINE const uint8_t* sc_get_rest(sc_reader* r, uint32_t* len) {
  *len = sc_remaining(r);
  return sc_get_raw(r, *len);
}

SC_INLINE sc_writer sc_writer_new(void) {
  sc_writer w = {0};
  return w;
}
/* Reserves `n` bytes and returns where they go. */
SC_INLINE uint8_t* sc_put_raw(sc_writer* w, uint32_t n) {
  if (n > SC_ARGBUF_LEN - w->pos) sc_panic("result longer than the argbuf");
  uint8_t* p = A + w->pos;
  w->pos += n;
  return p;
}
SC_INLINE void sc_store_le(uint8_t* p, uint64_t v, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) p[i] = (uint8_t)(v >> (8 * i));
}
SC_INLINE void sc_put_u8(sc_writer* w, uint8_t v) { *sc_put_raw(w, 1) = v; }
SC_INLINE void sc_put_u32(sc_writer* w, uint32_t v) { sc_store_le(sc_put_raw(w, 4), v, 4); }
SC_INLINE void sc_put_i32(sc_writer* w, int32_t v) { sc_put_u32(w, (uint32_t)v); }
SC_INLINE void sc_put_u64(sc_writer* w, uint64_t v) { sc_store_le(sc_put_raw(w, 8), v, 8); }
SC_INLINE void sc_put_i64(sc_writer* w, int64_t v) { sc_put_u64(w, (uint64_t)v); }
SC_INLINE void sc_put_f32(sc_writer* w, float v) {
  uint32_t bits;
  memcpy(&bits, &v, 4);
  sc_put_u32(w, bits);
}
SC_INLINE void sc_put_f64(sc_writer* w, double v) {
  uint64_t bits;
  memcpy(&bits, &v, 8);
  sc_put_u64(w, bits);
}
SC_INLINE void sc_put_id(sc_writer* w, const sc_id* id) {
  memmove(sc_put_raw(w, SC_ID_LEN), id->bytes, SC_ID_LEN);
}
/* Raw bytes without a prefix; `data` may point into the argbuf. */
SC_INLINE void sc_put_data(sc_writer* w, const void* data, uint32_t len) {
  memmove(sc_put_raw(w, len), data, len);
}
/* A byte string with a u32 length prefix. */
SC_INLINE void sc_put_bytes(sc_writer* w, const void* data, uint32_t len) {
  if (len > SC_ARGBUF_LEN - 4) sc_panic("result longer than the argbuf");
  sc_put_u32(w, len);
  sc_put_data(w, data, len);
}
SC_INLINE uint32_t sc_writer_len(const sc_writer* w) { return w->pos; }

#ifdef __cplusplus
} /* extern "C" */

/* ---- C++ spelling of the same helpers. ---- */
namespace shortcrust::contract {

using Id = sc_id;

inline int32_t call(const Id& id, const char* fn, uint32_t arg_len, uint32_t& ret) {
  return sc_call(&id, fn, arg_len, &ret);
}
inline int32_t call_with_limit(const Id& id, const char* fn, uint32_t arg_len, uint64_t gas_limit,
                               uint32_t& ret) {
  return sc_call_with_limit(&id, fn, arg_len, gas_limit, &ret);
}
inline void emit(const char* topic, const void* data, uint32_t len) { sc_emit(topic, data, len); }
inline uint32_t host_query(const char* name, uint32_t arg_len) {
  return sc_host_query(name, arg_len);
}
inline uint32_t meta(const char* name) { return sc_meta(name); }
inline uint32_t owner(const Id* id = nullptr) { return sc_owner(id); }
inline Id self_id() { return sc_self_id(); }
inline bool caller(Id* out) { return sc_caller(out) != 0; }
inline uint32_t callstack() { return sc_callstack(); }
inline uint64_t limit() { return sc_limit(); }
inline uint64_t spent() { return sc_spent(); }
[[noreturn]] inline void panic(const char* msg) { sc_panic(msg); }
inline void debug(const char* msg) { sc_debug(msg); }

// Reads the arguments of the current call from the argbuf.
class Reader {
 public:
  explicit Reader(uint32_t arg_len) : r_(sc_reader_new(arg_len)) {}
  uint8_t u8() { return sc_get_u8(&r_); }
  uint32_t u32() { return sc_get_u32(&r_); }
  int32_t i32() { return sc_get_i32(&r_); }
  uint64_t u64() { return sc_get_u64(&r_); }
  int64_t i64() { return sc_get_i64(&r_); }
  float f32() { return sc_get_f32(&r_); }
  double f64() { return sc_get_f64(&r_); }
  Id id() { return sc_get_id(&r_); }
  const uint8_t* bytes(uint32_t& len) { return sc_get_bytes(&r_, &len); }
  const uint8_t* rest(uint32_t& len) { return sc_get_rest(&r_, &len); }
  uint32_t remaining() const { return sc_remaining(&r_); }

 private:
  sc_reader r_;
};

// Writes a result into the argbuf from offset 0; {len} is what the export returns.
class Writer {
 public:
  void u8(uint8_t v) { sc_put_u8(&w_, v); }
  void u32(uint32_t v) { sc_put_u32(&w_, v); }
  void i32(int32_t v) { sc_put_i32(&w_, v); }
  void u64(uint64_t v) { sc_put_u64(&w_, v); }
  void i64(int64_t v) { sc_put_i64(&w_, v); }
  void f32(float v) { sc_put_f32(&w_, v); }
  void f64(double v) { sc_put_f64(&w_, v); }
  void id(const Id& v) { sc_put_id(&w_, &v); }
  void bytes(const void* p, uint32_t len) { sc_put_bytes(&w_, p, len); }
  void data(const void* p, uint32_t len) { sc_put_data(&w_, p, len); }
  uint32_t len() const { return sc_writer_len(&w_); }

 private:
  sc_writer w_ = sc_writer_new();
};

}  // namespace shortcrust::contract
#endif /* __cplusplus */

#endif /* SHORTCRUST_CONTRACT_H */
