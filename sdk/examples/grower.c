/* Example contract `grower`: memory.grow and memory.size, and a grow in a failed frame.
 * Exports: grow(u32 pages) -> i32 old pages or -1; size() -> u32 pages;
 * grow_write_panic(u32 pages) (grows, writes 0xAA to the first byte of each new page, panics
 * "grown"); read_byte(u32 addr) -> u8 (traps when addr is out of bounds). */
#include <shortcrust/contract.h>

#define PAGE_SIZE 65536u

static int32_t grow_pages(uint32_t pages) {
  size_t old = __builtin_wasm_memory_grow(0, pages);
  return old == (size_t)-1 ? -1 : (int32_t)old;
}

SC_EXPORT(grow) {
  sc_reader r = sc_reader_new(arg_len);
  int32_t old = grow_pages(sc_get_u32(&r));
  sc_writer w = sc_writer_new();
  sc_put_i32(&w, old);
  return sc_writer_len(&w);
}

SC_EXPORT(size) {
  sc_writer w = sc_writer_new();
  sc_put_u32(&w, (uint32_t)__builtin_wasm_memory_size(0));
  return sc_writer_len(&w);
}

SC_EXPORT(grow_write_panic) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t pages = sc_get_u32(&r);
  int32_t old = grow_pages(pages);
  if (old < 0) sc_panic("grow failed");
  for (uint32_t i = 0; i < pages; ++i) {
    volatile uint8_t* page = (volatile uint8_t*)((uintptr_t)((uint32_t)old + i) * PAGE_SIZE);
    *page = 0xAA;
  }
  sc_panic("grown");
}

SC_EXPORT(read_byte) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t addr = sc_get_u32(&r);
  /* volatile: the load must happen (and trap out of bounds) even at address 0. */
  uint8_t byte = *(volatile uint8_t*)(uintptr_t)addr;
  sc_writer w = sc_writer_new();
  sc_put_u8(&w, byte);
  return sc_writer_len(&w);
}
