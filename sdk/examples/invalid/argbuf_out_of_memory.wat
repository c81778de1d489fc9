;; Invalid contract `argbuf_out_of_memory`: A + 65536 exceeds the memory's maximum (1 page).
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 1 1)
  (global (export "A") i32 (i32.const 16))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
