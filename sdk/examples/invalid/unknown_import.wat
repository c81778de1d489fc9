;; Invalid contract `unknown_import`: imports env.not_a_host_function.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (import "env" "not_a_host_function" (func $nope (param i32) (result i32)))
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (call $nope (local.get 0))))
