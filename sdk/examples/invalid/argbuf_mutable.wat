;; Invalid contract `argbuf_mutable`: A is a mutable global.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (global (export "A") (mut i32) (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
