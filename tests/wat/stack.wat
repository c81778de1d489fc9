;; Deterministic stack limit (tests/exec/stack_test.cpp, ARCHITECTURE §4): a frame costs
;; params + locals + max_operand_height + 4 slots. The cost of each function is worked
;; out above it; the maximum height counts values on the operand stack.
(module
  ;; 1 param + 0 locals + height 2 (local.get i32.const in the else-arm) + 4 = 7.
  ;; rec(n) recurses to depth n + 1 frames and returns n.
  (func $rec (export "rec") (param i32) (result i32)
    local.get 0
    i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $rec
      i32.const 1 i32.add
    end)

  ;; 2 params + 3 locals + height 2 + 4 = 11. rec_locals(n, _) has n + 1 frames.
  (func $rec_locals (export "rec_locals") (param i32 i64) (result i32) (local f64 f64 i32)
    local.get 0
    if (result i32)
      local.get 0 i32.const 1 i32.sub local.get 1 call $rec_locals
      i32.const 1 i32.add
    else
      i32.const 0
    end)

  ;; 1 param + 10 locals + height 1 + 4 = 16, then rec(n): 16 + 7 * (n + 1).
  (func $big_then_rec (export "big_then_rec") (param i32) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    local.get 0 call $rec)

  ;; 0 + 0 + 0 + 4 = 4 per frame, forever.
  (func $runaway (export "runaway")
    call $runaway)

  ;; 1 + 0 + 2 + 4 = 7 per frame, forever, with values on the stack.
  (func $runaway_values (export "runaway_values") (param i64) (result i64)
    local.get 0 i64.const 1 i64.add call $runaway_values)
)
