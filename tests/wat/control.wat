;; Structured control (tests/exec/control_test.cpp): blocks, loops and ifs with params
;; and results, branches carrying values out of nested blocks, br_table (to blocks and
;; to a loop), early returns, select, and multi-value functions.
(module
  ;; A block taking two params: a - b.
  (func $block_params (export "block_params") (param i32 i32) (result i32)
    local.get 0 local.get 1
    block (param i32 i32) (result i32) i32.sub end)

  ;; An if taking two params: c ? a + b : a - b.
  (func $if_params (export "if_params") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2
    if (param i32 i32) (result i32) i32.add else i32.sub end)

  ;; A loop carrying (acc, n) as its params: 0 + n + (n - 1) + ... + 1.
  (func $sum_to (export "sum_to") (param $n i32) (result i32) (local $t i32)
    (block $done (result i32)
      i32.const 0 local.get $n
      (loop $l (param i32 i32) (result i32)
        local.set $t                        ;; [acc]
        local.get $t i32.eqz br_if $done    ;; acc is the block's result
        local.get $t i32.add                ;; [acc + t]
        local.get $t i32.const 1 i32.sub    ;; [acc + t, t - 1]
        br $l)))

  ;; br leaves the values below its operands behind: returns 3.
  (func $br_discards (export "br_discards") (result i32)
    (block $b (result i32) i32.const 1 i32.const 2 i32.const 3 br $b))

  ;; Two values leave an inner block through a branch to the outer one: (7, 8).
  (func $br_multi (export "br_multi") (result i32 i32)
    (block $b (result i32 i32)
      (block i32.const 7 i32.const 8 br $b)
      unreachable))

  ;; br_table carrying a value: index 1 -> $a gives 10; 0 and default -> $b gives 11.
  (func $br_table_value (export "br_table_value") (param i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        i32.const 10 local.get 0 br_table $b $a $b)
      i32.const 1 i32.add))

  ;; br_table targeting a loop: counts the iterations until the counter reaches 0.
  (func $br_table_loop (export "br_table_loop") (param i32) (result i32) (local $c i32)
    (block $exit
      (loop $l
        local.get $c i32.const 1 i32.add local.set $c
        local.get 0 i32.const 1 i32.sub local.tee 0
        br_table $exit $l))
    local.get $c)

  ;; br_if out of three blocks, or return from inside them.
  (func $early_return (export "early_return") (param i32) (result i32)
    (block (block (block
      local.get 0 i32.eqz br_if 2
      i32.const 1 return)))
    i32.const 2)

  ;; Iterative Fibonacci in a loop with locals.
  (func $fib (export "fib") (param $n i32) (result i64) (local $a i64) (local $b i64) (local $t i64)
    i64.const 1 local.set $b
    (block $done
      (loop $l
        local.get $n i32.eqz br_if $done
        local.get $a local.get $b i64.add local.set $t
        local.get $b local.set $a
        local.get $t local.set $b
        local.get $n i32.const 1 i32.sub local.set $n
        br $l))
    local.get $a)

  ;; Recursive factorial.
  (func $fac (export "fac") (param i64) (result i64)
    local.get 0 i64.eqz
    if (result i64) i64.const 1
    else local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)

  (func $select (export "select") (param i32) (result i64)
    i64.const 1 i64.const 2 local.get 0 select)
  (func $select_f64 (export "select_f64") (param f64 f64 i32) (result f64)
    local.get 0 local.get 1 local.get 2 select (result f64))

  ;; Multi-value: three results of three types; a caller consuming them.
  (func $three (export "three") (result i32 i64 f32)
    i32.const 1 i64.const 2 f32.const 3.5)
  (func $swap (export "swap") (param i32 i64) (result i64 i32)
    local.get 1 local.get 0)
  ;; three() -> 1 + 2 (the f32 dropped) = 3
  (func $call_multi (export "call_multi") (result i32)
    call $three drop i32.wrap_i64 i32.add)
  ;; swap(swap(a, b)) through a block taking and returning two values
  (func $swap_twice (export "swap_twice") (param i32 i64) (result i32 i64)
    local.get 0 local.get 1 call $swap
    block (param i64 i32) (result i32 i64) local.set 0 local.set 1 local.get 0 local.get 1 end)
)
