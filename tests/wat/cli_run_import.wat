;; `shortcrust run` refuses modules with imports (tests/cli/run_command_test.cpp).
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "memory" (memory 1))
  (func (export "main") (call $log (i32.const 1))))
