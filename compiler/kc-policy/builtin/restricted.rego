package kc.builtin.restricted

violation contains v if {
  false
  v := {}
}
