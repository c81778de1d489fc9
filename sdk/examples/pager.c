/* Example contract `pager`: many 64 KiB pages of state, for the state benchmarks
 * (bench/state_bench.cpp) and anything else that needs a big memory with few calls.
 * Its "pages" are the memory pages above its own data (the shadow stack, globals and the
 * argbuf live below __heap_base), so page k is memory page first_free + k and writing it
 * never clobbers the contract itself.
 * Exports: grow_to(u32 pages) -> u32 pages now; fill(u32 first, u32 count, u8 value) -> ();
 * touch(u32 first, u32 count) -> (). fill and touch panic on a page beyond the memory. */
#include <shortcrust/contract.h>

#define PAGE_SIZE 65536u

extern uint8_t __heap_base;

/* The first memory page with nothing of the contract's own in it. */
static uint32_t first_free_page(void) {
  return (uint32_t)(((uintptr_t)&__heap_base + PAGE_SIZE - 1) / PAGE_SIZE);
}

static uint32_t pages_now(void) {
  uint32_t size = (uint32_t)__builtin_wasm_memory_size(0);
  uint32_t base = first_free_page();
  return size > base ? size - base : 0;
}

static volatile uint8_t* page_at(uint32_t page) {
  return (volatile uint8_t*)((uintptr_t)(first_free_page() + page) * PAGE_SIZE);
}

/* Panics unless pages first..first+count all exist (no u32 overflow either). */
static void check_range(uint32_t first, uint32_t count) {
  uint32_t have = pages_now();
  if (first > have || count > have - first) sc_panic("page out of range");
}

SC_EXPORT(grow_to) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t want = sc_get_u32(&r);
  uint32_t have = pages_now();
  if (want > have && __builtin_wasm_memory_grow(0, want - have) == (size_t)-1) sc_panic("grow failed");
  sc_writer w = sc_writer_new();
  sc_put_u32(&w, pages_now());
  return sc_writer_len(&w);
}

/* Each page gets 16 bytes: u32 page index, then 12 bytes of `value`, so pages differ from
 * each other and from any other fill value. */
SC_EXPORT(fill) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t first = sc_get_u32(&r);
  uint32_t count = sc_get_u32(&r);
  uint8_t value = sc_get_u8(&r);
  check_range(first, count);
  for (uint32_t i = 0; i < count; ++i) {
    volatile uint8_t* p = page_at(first + i);
    uint32_t index = first + i;
    for (uint32_t j = 0; j < 4; ++j) p[j] = (uint8_t)(index >> (8 * j));
    for (uint32_t j = 4; j < 16; ++j) p[j] = value;
  }
  return 0;
}

/* A u64 counter at the start of each page, incremented. */
SC_EXPORT(touch) {
  sc_reader r = sc_reader_new(arg_len);
  uint32_t first = sc_get_u32(&r);
  uint32_t count = sc_get_u32(&r);
  check_range(first, count);
  for (uint32_t i = 0; i < count; ++i) {
    volatile uint64_t* counter = (volatile uint64_t*)page_at(first + i);
    *counter = *counter + 1;
  }
  return 0;
}
