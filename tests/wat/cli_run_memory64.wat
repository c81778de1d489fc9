;; `shortcrust run --memory64` (tests/cli/run_command_test.cpp): a 64-bit memory.
(module
  (memory i64 1)
  (func (export "roundtrip") (param i64 i32) (result i32)
    (i32.store (local.get 0) (local.get 1))
    (i32.load (local.get 0))))
