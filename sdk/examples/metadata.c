/* Example contract `metadata`: owners, ids and session metadata.
 * Exports: read_owner() -> bytes (own owner); read_owner_of(id) -> i32 len, then the bytes;
 * read_id() -> id; read_meta(name bytes) -> bytes (what hd wrote for the whole input as name). */
#include <shortcrust/contract.h>

SC_EXPORT(read_owner) { return sc_owner(0); }

SC_EXPORT(read_owner_of) {
  sc_reader r = sc_reader_new(arg_len);
  sc_id id = sc_get_id(&r);
  uint32_t len = sc_owner(&id);
  if (len > SC_ARGBUF_LEN - 4) sc_panic("read_owner_of: owner too long");
  memmove(A + 4, A, len);
  sc_store_le(A, len, 4);
  return 4 + len;
}

SC_EXPORT(read_id) {
  sc_id self = sc_self_id();
  sc_writer w = sc_writer_new();
  sc_put_id(&w, &self);
  return sc_writer_len(&w);
}

SC_EXPORT(read_meta) { return sc_meta_n((const char*)A, arg_len); }
