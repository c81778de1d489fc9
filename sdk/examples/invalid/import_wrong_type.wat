;; Invalid contract `import_wrong_type`: imports env.caller as (i32) -> i32 instead of () -> i32.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (import "env" "caller" (func $caller (param i32) (result i32)))
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (call $caller (local.get 0))))
