;; `shortcrust run` reports a trap in the start function (tests/cli/run_command_test.cpp).
(module
  (func $start unreachable)
  (start $start)
  (func (export "main")))
