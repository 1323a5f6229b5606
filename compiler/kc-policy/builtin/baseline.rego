package kc.builtin.baseline

violation contains v if {
  false
  v := {}
}
