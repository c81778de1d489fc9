;; `shortcrust run` tests (tests/cli/run_command_test.cpp): every argument and result
;; type, a trap, an endless loop for gas limits, and a memory.
(module
  (memory 1)
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $echo (export "echo") (param i64 f32 f64) (result i64 f32 f64)
    (local.get 0) (local.get 1) (local.get 2))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $boom (export "boom")
    unreachable)
  (func $spin (export "spin")
    (loop $again (br $again)))
  (func $nothing (export "nothing")))
