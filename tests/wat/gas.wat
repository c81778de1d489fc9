;; Gas vectors (tests/exec/gas_test.cpp), schedule v1 (ARCHITECTURE §5). Above each
;; function: its segments in [brackets] with their static costs, and the dynamic
;; charges; a segment ends at a control instruction or a dynamic-cost one.
(module
  (memory 1 2)
  (table 4 10 funcref)
  (elem (i32.const 0) $callee)
  (data $d "0123456789abcdef")                 ;; passive, 16 bytes
  (elem $e func $callee $callee $callee)       ;; passive, 3 elements

  ;; [i32.const i32.const i32.add i32.const i32.mul end] = 5
  (func $straight (export "straight") (result i32)
    i32.const 1 i32.const 2 i32.add i32.const 3 i32.mul)

  ;; nop and drop are free: [i32.const nop drop nop i32.const end] = 2
  (func $free (export "free") (result i32)
    i32.const 7 nop drop nop i32.const 9)

  ;; unreachable is free: [i32.const drop unreachable] = 1, then the trap
  (func $trap_after (export "trap_after")
    i32.const 1 drop unreachable)

  ;; return is free: [i32.const return] = 1; the dead code after it is never charged
  (func $early_return (export "early_return") (result i32)
    i32.const 3 return i32.const 4 i32.const 5 i32.add)

  ;; [block] = 0, [i32.const br] = 2, [end] = 0, [local.get i32.add end] = 2: 4, returns 8
  (func $block_br (export "block_br") (param i32) (result i32)
    (block (result i32) i32.const 1 br 0)
    local.get 0 i32.add)

  ;; One segment: 19 constants, stores at 4 gas per byte (4+8+4+16+32+16+32+8+16 = 136),
  ;; the load 1: 156. Returns the bytes 0..3 = 0x44222211.
  (func $stores (export "stores") (result i32)
    (i32.store8 (i32.const 0) (i32.const 0x11))
    (i32.store16 (i32.const 1) (i32.const 0x2222))
    (i64.store8 (i32.const 3) (i64.const 0x44))
    (i32.store (i32.const 8) (i32.const 1))
    (i64.store (i32.const 16) (i64.const 1))
    (f32.store (i32.const 24) (f32.const 1))
    (f64.store (i32.const 32) (f64.const 1))
    (i64.store16 (i32.const 40) (i64.const 1))
    (i64.store32 (i32.const 48) (i64.const 1))
    (i32.load (i32.const 0)))

  ;; ARCHITECTURE §5 worked example: [loop] = 0, then per iteration
  ;; [local.get i32.const i32.sub local.tee br_if] = 5, [end] = 0, [local.get end] = 1:
  ;; argument 10 costs 0 + 10 * 5 + 0 + 1 = 51 and returns 0.
  (func $loop (export "loop") (param i32) (result i32)
    (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)
    local.get 0)

  ;; [local.get i32.const i32.add end] = 3
  (func $callee (param i32) (result i32)
    local.get 0 i32.const 1 i32.add)

  ;; [i32.const call] = 2, $callee 3, [i32.const i32.mul end] = 2: 7, returns 12
  (func $calls (export "calls") (result i32)
    i32.const 5 call $callee i32.const 2 i32.mul)

  ;; [i32.const i32.const call_indirect] = 3, $callee 3, [end] = 0: 6, returns 42
  (func $calls_indirect (export "calls_indirect") (result i32)
    i32.const 41 i32.const 0 call_indirect (param i32) (result i32))

  ;; [block] [block] [block] = 0, [local.get br_table] = 2, then
  ;;   label 0: [end] = 0, [i32.const return] = 1                      -> 10, total 3
  ;;   label 1: [end] = 0, [i32.const i32.const i32.add return] = 3    -> 21, total 5
  ;;   default: [end] = 0, [i32.const i32.const i32.add i32.const i32.add end] = 5
  ;;                                                                   -> 32, total 7
  (func $br_table (export "br_table") (param i32) (result i32)
    (block
      (block
        (block local.get 0 br_table 0 1 2)
        i32.const 10 return)
      i32.const 20 i32.const 1 i32.add return)
    i32.const 30 i32.const 1 i32.add i32.const 1 i32.add)

  ;; [local.get if] = 2; then-arm [i32.const else] = 1; else-arm
  ;; [i32.const i32.const i32.add end] = 3; after [i32.const i32.add end] = 2:
  ;; true costs 5 (returns 11), false costs 7 (returns 15)
  (func $if_else (export "if_else") (param i32) (result i32)
    local.get 0
    if (result i32) i32.const 1 else i32.const 2 i32.const 3 i32.add end
    i32.const 10 i32.add)

  ;; [local.get if] = 2; [i32.const drop end] = 1; after [i32.const end] = 1:
  ;; true costs 4, false costs 3; returns 5
  (func $if_only (export "if_only") (param i32) (result i32)
    local.get 0 if i32.const 99 drop end i32.const 5)

  ;; [local.get local.get local.get memory.fill] = 4, then 4 per byte; [end] = 0
  (func $fill (export "fill") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.fill)
  ;; [local.get x3 memory.copy] = 4, then 4 per byte
  (func $copy (export "copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.copy)
  ;; [local.get x3 memory.init] = 4, then 4 per byte
  (func $init (export "init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 memory.init $d)
  ;; [local.get ref.null local.get table.fill] = 4, then 1 per element
  (func $table_fill (export "table_fill") (param i32 i32)
    local.get 0 ref.null func local.get 1 table.fill 0)
  ;; [local.get x3 table.copy] = 4, then 1 per element
  (func $table_copy (export "table_copy") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.copy)
  ;; [local.get x3 table.init] = 4, then 1 per element
  (func $table_init (export "table_init") (param i32 i32 i32)
    local.get 0 local.get 1 local.get 2 table.init $e)
  ;; [local.get memory.grow] = 2, then 1024 per page asked for (granted or not); [end] = 0
  (func $grow (export "grow") (param i32) (result i32)
    local.get 0 memory.grow)
  ;; [ref.null local.get table.grow] = 3, then 1 per element asked for
  (func $table_grow (export "table_grow") (param i32) (result i32)
    ref.null func local.get 0 table.grow 0)
  ;; [memory.size end] = 1: no charge beyond the static one
  (func $pages (export "pages") (result i32)
    memory.size)
)
