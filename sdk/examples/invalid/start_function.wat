;; Invalid contract `start_function`: has a start function.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func $start (i32.store (i32.const 0) (i32.const 1)))
  (start $start)
  (func (export "f") (param i32) (result i32) (i32.const 0)))
