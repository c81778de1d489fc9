;; The write journal's store barrier (tests/runtime/write_journal_test.cpp): stores of
;; every width and type, bulk memory, growth, a host call between two stores (the host
;; opens and closes frames, re-entering wasm), and a store while many values are live in
;; registers (the JIT's slow path must preserve them). Memory: 2 pages, at most 8; the
;; active segment puts "seed" at 100; the passive segment $p is "abcdefgh".
(module
  (import "env" "hook" (func $hook (param i32)))
  (memory (export "mem") 2 8)
  (data (i32.const 100) "seed")
  (data $p "abcdefgh")

  (func $store8 (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func $store16 (export "store16") (param i32 i32) local.get 0 local.get 1 i32.store16)
  (func $store32 (export "store32") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func $store64 (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func $i64_store32 (export "i64_store32") (param i32 i64) local.get 0 local.get 1 i64.store32)
  (func $f32_store (export "f32_store") (param i32 f32) local.get 0 local.get 1 f32.store)
  (func $f64_store (export "f64_store") (param i32 f64) local.get 0 local.get 1 f64.store)
  ;; a constant offset: the barrier must check the page of index + offset
  (func $store_offset (export "store_offset") (param i32 i32)
    local.get 0 local.get 1 i32.store offset=65536)
  (func $load8 (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func $load64 (export "load64") (param i32) (result i64) local.get 0 i64.load)

  (func $fill (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func $copy (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func $init (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $p)
  (func $grow (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func $size (export "size") (result i32) memory.size)

  ;; store $a at addr, let the host run (it may open frames and re-enter), store $b at
  ;; addr + 4, and return the memory size the code sees afterwards
  (func $store_hook_store (export "store_hook_store") (param $addr i32) (param $a i32) (param $b i32)
                          (result i32)
    (i32.store (local.get $addr) (local.get $a))
    (call $hook (local.get $addr))
    (i32.store offset=4 (local.get $addr) (local.get $b))
    memory.size)

  ;; one i64 store per page from page $first on, $n pages, value = page index
  (func $stripes (export "stripes") (param $first i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.mul (i32.add (local.get $first) (local.get $i)) (i32.const 65536))
                   (i64.extend_i32_u (i32.add (local.get $first) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; stores to fresh pages while integer and float values sit in registers (operand
  ;; stack entries and register locals); the result combines them all
  (func $live (export "live") (param $p i32) (result f64)
    (local $a i64) (local $b i64) (local $c f64) (local $d f64) (local $e f32) (local $t f64)
    (local.set $a (i64.mul (i64.extend_i32_u (local.get $p)) (i64.const 3)))
    (local.set $b (i64.mul (i64.extend_i32_u (local.get $p)) (i64.const 5)))
    (local.set $c (f64.convert_i32_u (local.get $p)))
    (local.set $d (f64.mul (local.get $c) (f64.const 2.5)))
    (local.set $e (f32.convert_i32_u (local.get $p)))
    (f32.add (local.get $e) (f32.const 0.25))        ;; stays on the operand stack
    (f64.mul (local.get $c) (f64.const 1.5))         ;; so does this
    (i64.add (local.get $a) (local.get $b))          ;; and this
    (i64.store (i32.const 0) (local.get $a))         ;; page 0
    (i64.store (i32.const 65532) (local.get $b))     ;; pages 0 and 1
    (f64.store (i32.const 65544) (local.get $d))     ;; page 1
    f64.convert_i64_u
    f64.add
    local.set $t
    f64.promote_f32
    local.get $t
    f64.add
    (f64.add (local.get $c))
    (f64.add (local.get $d))
    (f64.add (f64.convert_i64_u (local.get $a)))
    (f64.add (f64.convert_i64_u (local.get $b)))
    (f64.add (f64.convert_i64_u (i64.load (i32.const 0))))
    (f64.add (f64.convert_i64_u (i64.load (i32.const 65532))))
    (f64.add (f64.load (i32.const 65544))))
)
