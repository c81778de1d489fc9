;; The sample module ./scripts/run.sh validates, describes and runs: a small counter in
;; the shape of a contract (memory, a data segment, a global, a table, exported functions).
;; It imports nothing, so `shortcrust run` can instantiate it on its own.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (memory (export "memory") 1 16)
  (global $count (mut i64) (i64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $add $mul)
  (data (i32.const 16) "counter")

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))

  ;; Adds `n` to the counter, records the new value at memory[0, 8), and returns it.
  (func (export "bump") (param $n i64) (result i64)
    (global.set $count (i64.add (global.get $count) (local.get $n)))
    (i64.store (i32.const 0) (global.get $count))
    (global.get $count))

  ;; Sums the bytes of memory[ptr, ptr + len) with a loop.
  (func (export "checksum") (param $ptr i32) (param $len i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; Applies table entry `op` (0 add, 1 mul) to a and b.
  (func (export "apply") (param $op i32) (param $a i32) (param $b i32) (result i32)
    (call_indirect (type $binop) (local.get $a) (local.get $b) (local.get $op))))
