;; A contract (ARCHITECTURE §6.1) whose `init` tries to run another contract's `init`
;; through `c`; it keeps the code `c` returned at address 0, and `code` returns it.
;; `init` runs only as the deploy's own top frame, so the code must be INT32_MIN.
(module
  (import "env" "c" (func $c (param i32 i32 i32 i32 i64) (result i32)))
  (memory (export "memory") 2)
  (global (export "A") i32 (i32.const 65536))
  (data (i32.const 16) "init")

  ;; The argument is the callee's 32-byte id.
  (func (export "init") (param i32) (result i32)
    (i32.store (i32.const 0)
      (call $c (i32.const 65536) (i32.const 16) (i32.const 4) (i32.const 0) (i64.const 0)))
    (i32.const 0))
  (func (export "code") (param i32) (result i32)
    (i32.store (i32.const 65536) (i32.load (i32.const 0)))
    (i32.const 4))
)
