;; Invalid contract `imported_memory`: the memory is imported (and re-exported).
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (import "env" "memory" (memory 2))
  (export "memory" (memory 0))
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
