;; Invalid contract `argbuf_wrong_type`: A is an i64 in a 32-bit module.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (global (export "A") i64 (i64.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
