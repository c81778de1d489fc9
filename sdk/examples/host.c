/* Example contract `host`: host queries registered by the embedder.
 * Exports: host_query(u32 name_len, name, rest...) -> bytes (runs hq(name, rest) and returns
 * the bytes the host put in the argbuf). */
#include <shortcrust/contract.h>

SC_EXPORT(host_query) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t name_len;
  const uint8_t* name = sc_get_bytes(&r, &name_len);
  if (name_len > SC_NAME_MAX) sc_panic("host_query: name too long");
  char name_copy[SC_NAME_MAX];
  memcpy(name_copy, name, name_len);
  uint32_t rest_len;
  const uint8_t* rest = sc_get_rest(&r, &rest_len);
  memmove(A, rest, rest_len);
  return sc_host_query_n(name_copy, name_len, rest_len);
}
