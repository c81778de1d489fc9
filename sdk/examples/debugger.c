/* Example contract `debugger`: debug messages.
 * Exports: debug(bytes) -> () (hdebug with the whole input as the message). */
#include <shortcrust/contract.h>

SC_EXPORT(debug) {
  sc_debug_n(A, arg_len);
  return 0;
}
