;; Invalid contract `bad_export_type`: an exported function of type (i32 i32) -> i32.
;; Otherwise a valid contract (ARCHITECTURE.md §6.1); the VM must refuse to deploy it.
(module
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 0))
  (func (export "f") (param i32) (result i32) (i32.const 0))
  (func (export "g") (param i32 i32) (result i32) (local.get 0)))
