;; Invalid contract `argbuf_not_global`: A is exported as a function, not a global.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (func (export "A") (param i32) (result i32) (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
