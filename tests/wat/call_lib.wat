;; The library instance that tests/wat/call.wat imports from as "lib"
;; (tests/exec/call_test.cpp). Its global counts calls to `bump` in this instance only.
(module
  (global $counter (mut i32) (i32.const 0))
  (func $lib_add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func $lib_bump (export "bump") (result i32)
    global.get $counter i32.const 1 i32.add global.set $counter
    global.get $counter)
  (func $lib_trap (export "trap")
    unreachable)
)
