;; Invalid contract `no_argbuf`: no exported global A.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (func (export "f") (param i32) (result i32) (i32.const 0)))
