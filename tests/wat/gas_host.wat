;; Gas charged by a host function (tests/exec/gas_test.cpp): env.charge(n) charges n
;; through Caller::charge_gas.
(module
  (import "env" "charge" (func $charge (param i64)))
  ;; [local.get call] = 2, then the host's n; [end] = 0
  (func $pay (export "pay") (param i64)
    local.get 0 call $charge)
)
