;; Invalid contract `memory_not_exported`: the memory exists but is not exported.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory 2)
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
