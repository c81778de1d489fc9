;; Invalid contract `no_memory`: no memory at all.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
