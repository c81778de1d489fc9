;; A 64-bit memory (tests/exec/memory_test.cpp): i64 addresses are bounds-checked in
;; full width, so addresses at or above 4 GiB trap instead of wrapping into the memory.
(module
  (memory (export "mem") i64 1 4)
  (data (i64.const 0) "\01\02\03\04")

  (func $load (export "load") (param i64) (result i32) local.get 0 i32.load)
  (func $load8 (export "load8") (param i64) (result i32) local.get 0 i32.load8_u)
  ;; address + offset in 64 bits: wraps past 2^64 for addresses >= 2^64 - 0xffffffff
  (func $load_off_max (export "load_off_max") (param i64) (result i32)
    local.get 0 i32.load offset=0xffffffff)
  (func $store (export "store") (param i64 i32) local.get 0 local.get 1 i32.store)
  (func $store64 (export "store64") (param i64 i64) local.get 0 local.get 1 i64.store)
  (func $size (export "size") (result i64) memory.size)
  (func $grow (export "grow") (param i64) (result i64) local.get 0 memory.grow)
)
