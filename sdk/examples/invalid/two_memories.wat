;; Invalid contract `two_memories`: two memories (multi-memory), the first exported.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory $m0 (export "memory") 2)
  (memory $m1 1)
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0)))
