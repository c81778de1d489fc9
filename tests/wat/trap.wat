;; One way to reach each TrapKind (tests/exec/trap_test.cpp). Functions are named
;; $do_* in the name section and exported under the trap's name, so the test can tell
;; a name-section name from an export name. Function 0 is the host import env.fail.
(module
  (import "env" "fail" (func $host_fail))
  (type $v_i (func (result i32)))
  (memory 1)
  ;; entry 0: $do_ok (type () -> i32), entry 1: $do_nop (type () -> ()), entry 2: null
  (table 3 funcref)
  (elem (i32.const 0) $do_ok $do_nop)

  (func $do_ok (export "ok") (result i32) i32.const 42)
  (func $do_nop)

  (func $do_unreachable (export "unreachable")
    i32.const 1 drop unreachable)
  (func $do_load (export "memory_oob") (param i32) (result i32)
    local.get 0 i32.load offset=8)
  (func $do_store (export "memory_oob_store") (param i32)
    local.get 0 i64.const -1 i64.store)
  (func $do_table_get (export "table_oob") (param i32) (result funcref)
    local.get 0 table.get 0)
  (func $do_call_indirect (export "call_indirect") (param i32) (result i32)
    local.get 0 call_indirect (type $v_i))
  (func $do_div_s (export "div_s") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.div_s)
  (func $do_rem_u (export "rem_u") (param i64 i64) (result i64)
    local.get 0 local.get 1 i64.rem_u)
  (func $do_trunc (export "trunc") (param f32) (result i32)
    local.get 0 i32.trunc_f32_s)
  (func $do_recurse (export "recurse")
    call $do_recurse)
  ;; [loop] = 0, then [br] = 1 forever
  (func $do_spin (export "spin")
    (loop $l br $l))
  (func $do_host (export "host")
    i32.const 0 drop call $host_fail)
  ;; The trap is reported in the callee, not in the caller.
  (func $do_outer (export "nested") (param i32) (result i32)
    local.get 0 call $do_inner i32.const 1 i32.add)
  (func $do_inner (param i32) (result i32)
    i32.const 1 local.get 0 i32.div_u)
)
